/** What Paddock says about itself: product identity and health. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.system;
