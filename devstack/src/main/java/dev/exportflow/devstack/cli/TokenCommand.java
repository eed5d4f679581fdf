package dev.exportflow.devstack.cli;

import java.nio.file.Path;
import java.util.List;

import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.auth.DevKeys;
import dev.exportflow.devstack.auth.DevTokens;

/** {@code ./exportflow token <user> [email]}: a bearer token accepted by the local services. */
final class TokenCommand {

    private final Console console;

    TokenCommand(Console console) {
        this.console = console;
    }

    int run(List<String> options) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("usage: ./exportflow token <user> [email]");
        }
        String user = options.get(0);
        String email = options.size() > 1 ? options.get(1) : user + "@example.com";
        Path home = DevStackSettings.dev().home();
        DevKeys keys = new DevKeys(home).ensureExist();
        console.line(new DevTokens(keys.privateKeyFile(), DevKeys.ISSUER).mint(user, email));
        return 0;
    }
}
