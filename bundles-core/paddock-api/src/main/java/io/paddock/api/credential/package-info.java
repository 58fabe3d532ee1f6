/** Credentials for cloud and hosted providers, kept encrypted and never shown again after they are saved. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.credential;
