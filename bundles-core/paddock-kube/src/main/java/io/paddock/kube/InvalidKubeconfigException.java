package io.paddock.kube;

/** A kubeconfig that Paddock cannot or will not use; the message says why and what to change. */
public class InvalidKubeconfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidKubeconfigException(String message) {
        super(message);
    }

    public InvalidKubeconfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
