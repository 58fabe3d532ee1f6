package io.paddock.store.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.paddock.api.store.Store;

@Service
@Command(scope = "paddock", name = "store-reencrypt-secrets",
    description = "Re-encrypt every stored secret with the primary key of the key file (the last step of a key rotation).",
    detailedDescription = "Rotation: add key.<id> = <base64 of 32 random bytes> to etc/io.paddock.store.keys, set"
        + " primary = <id>, run this command, then remove the old key. The key file is read again first.")
public class ReencryptSecrets implements Action {

    @Reference
    Store store;

    @Override
    public Object execute() {
        int count = store.reencryptSecrets();
        System.out.println("Re-encrypted " + count + " secret values with the primary key");
        return null;
    }
}
