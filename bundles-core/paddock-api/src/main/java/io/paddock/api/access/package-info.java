/**
 * Who may do what: users and groups, API tokens and sessions, global roles, role templates and
 * their bindings at a cluster or project scope.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.api.access;
