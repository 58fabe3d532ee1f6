/** Settings that administrators change at run time through the API (the server URL, a banner, ...). */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.setting;
