package io.drsnstream.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;

/**
 * The users a SASL/PLAIN listener accepts, with their passwords, and the JAAS texts Kafka reads:
 * the broker's (one {@code user_<name>} option per user) and a client's ({@code username} and
 * {@code password}). The first user is the one the broker's own clients authenticate as.
 */
final class SaslPlainUsers {

    static final String MECHANISM = "PLAIN";

    /** Names end up as JAAS option names ({@code user_<name>}): keep them to plain characters. */
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final Map<String, String> passwords;

    SaslPlainUsers(Map<String, String> passwords) {
        if (passwords.isEmpty()) {
            throw new IllegalArgumentException("SASL/PLAIN needs at least one user");
        }
        this.passwords = new LinkedHashMap<>(passwords);
    }

    /** Checks a user as JAAS can quote it; the password is never part of the message. */
    static void check(String username, String password) {
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "SASL username '" + username + "' must match " + USERNAME.pattern());
        }
        if (password.isEmpty()
                || password.chars().anyMatch(c -> c == '"' || c == '\\' || c < ' ')) {
            throw new IllegalArgumentException(
                    "The password of SASL user '"
                            + username
                            + "' must be non-empty, without quotes, backslashes or control characters");
        }
    }

    /** The broker's {@code sasl.jaas.config} for its SASL listener: every user and password. */
    String serverJaasConfig() {
        StringBuilder jaas =
                new StringBuilder(PlainLoginModule.class.getName()).append(" required");
        passwords.forEach(
                (user, password) ->
                        jaas.append(" user_")
                                .append(user)
                                .append("=\"")
                                .append(password)
                                .append('"'));
        return jaas.append(';').toString();
    }

    /** What a client of the SASL listener sets to authenticate as the first user. */
    Map<String, Object> clientSecurity() {
        Map.Entry<String, String> first = passwords.entrySet().iterator().next();
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                SecurityProtocol.SASL_PLAINTEXT.name,
                SaslConfigs.SASL_MECHANISM,
                MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG,
                PlainLoginModule.class.getName()
                        + " required username=\""
                        + first.getKey()
                        + "\" password=\""
                        + first.getValue()
                        + "\";");
    }

    /** The user names, for logs (never the passwords). */
    @Override
    public String toString() {
        return "SASL/PLAIN users " + passwords.keySet();
    }
}
