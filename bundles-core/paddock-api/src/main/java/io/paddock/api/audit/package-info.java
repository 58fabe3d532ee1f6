/** Who did what, when, and how it ended: the audit trail of mutating calls. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.audit;
