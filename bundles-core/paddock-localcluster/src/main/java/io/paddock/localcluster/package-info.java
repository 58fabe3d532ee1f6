/**
 * Real Kubernetes clusters on this host, built from upstream binaries: one etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and a kwok fake-kubelet per cluster, on loopback ports.
 */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.paddock.localcluster;
