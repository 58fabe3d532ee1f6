/**
 * Kubernetes clients for managed clusters. fabric8 types appear here on purpose: consumers of this
 * package talk to clusters; {@code io.paddock.api} stays free of them.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.kube;
