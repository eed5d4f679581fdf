package dev.exportflow.devstack.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.exportflow.devstack.auth.DevTokens;

/**
 * What {@code ./exportflow token} was asked for: a user, and optionally the address, the roles ({@code groups}) and
 * the tenant of the token.
 */
record TokenRequest(String user, String email, List<String> groups, String tenant) {

    static final String USAGE = "usage: ./exportflow token NAME [--groups g1,g2] [--tenant T] [--email ADDRESS]";

    TokenRequest {
        groups = List.copyOf(groups);
    }

    /**
     * Reads {@code NAME [--groups g1,g2] [--tenant T] [--email ADDRESS]}. An address as a second word (the command's
     * older form, {@code token ada ada@example.org}) still works. {@code --groups ""} gives a token without any role.
     */
    static TokenRequest parse(List<String> arguments) {
        List<String> words = new ArrayList<>();
        String groups = null;
        String tenant = DevTokens.DEFAULT_TENANT;
        String email = null;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            switch (argument) {
                case "--groups" -> groups = valueAfter(arguments, i++);
                case "--tenant" -> tenant = nonBlank("--tenant", valueAfter(arguments, i++));
                case "--email" -> email = nonBlank("--email", valueAfter(arguments, i++));
                default -> {
                    if (argument.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + argument + "\n" + USAGE);
                    }
                    words.add(argument);
                }
            }
        }
        if (words.isEmpty() || words.size() > 2 || (words.size() == 2 && email != null)) {
            throw new IllegalArgumentException(USAGE);
        }
        String user = nonBlank("NAME", words.get(0));
        if (words.size() == 2) {
            email = nonBlank("the address", words.get(1));
        }
        return new TokenRequest(user, email == null ? user + "@example.com" : email,
                groups == null ? DevTokens.DEFAULT_GROUPS : groupList(groups), tenant);
    }

    /** The bearer token, signed by the devstack's key. */
    String sign(DevTokens tokens) {
        return tokens.builder(user).email(email).groups(groups).tenant(tenant).sign();
    }

    private static List<String> groupList(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(group -> !group.isEmpty())
                .distinct().toList();
    }

    private static String valueAfter(List<String> arguments, int index) {
        if (index + 1 >= arguments.size()) {
            throw new IllegalArgumentException(arguments.get(index) + " needs a value\n" + USAGE);
        }
        return arguments.get(index + 1);
    }

    private static String nonBlank(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank\n" + USAGE);
        }
        return value.strip();
    }
}
