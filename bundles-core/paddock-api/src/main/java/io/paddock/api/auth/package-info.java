/**
 * Login providers: each is an Apache Shiro {@code Realm} service whose realm name is its provider
 * id, registered with the properties of {@link AuthProviders}. Installing a provider's bundle adds
 * the login method; stopping it removes the method and revokes what it issued.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.auth;
