/** Reading ConfigAdmin settings with errors that name the file, key and expected value. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.config;
