package io.paddock.testbed.ldap;

/** Runs a test slapd in a JVM of its own so that a test can kill that JVM and look for an orphan. */
public final class LdapServerInChildJvm {

    private LdapServerInChildJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        LdapServer ldap = LdapServer.start();
        System.out.println("READY " + ldap.logFile().getParent());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
