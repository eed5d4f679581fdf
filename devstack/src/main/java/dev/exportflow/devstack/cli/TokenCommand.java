package dev.exportflow.devstack.cli;

import java.util.List;

import dev.exportflow.devstack.DevStackSettings;
import dev.exportflow.devstack.auth.DevKeys;
import dev.exportflow.devstack.auth.DevTokens;

/** {@code ./exportflow token NAME [--groups g1,g2] [--tenant T]}: a bearer token accepted by the local services. */
final class TokenCommand {

    private final Console console;

    TokenCommand(Console console) {
        this.console = console;
    }

    int run(List<String> options) {
        TokenRequest request = TokenRequest.parse(options);
        DevKeys keys = new DevKeys(DevStackSettings.dev().home()).ensureExist();
        console.line(request.sign(new DevTokens(keys.privateKeyFile(), DevKeys.ISSUER)));
        return 0;
    }
}
