/** Projects: named groups of namespaces in one cluster, with per-namespace quotas and default limits. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.project;
