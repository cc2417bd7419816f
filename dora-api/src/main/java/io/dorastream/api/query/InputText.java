package io.dorastream.api.query;

/**
 * The one rule every text input of the API follows, whatever it is (a filter value, a connection's
 * name, a key, a Datadog query, a token): no control characters. NUL is refused by PostgreSQL,
 * CR/LF split log lines and headers, and none of them belongs in a name, a key or a query; a tab or
 * a newline is refused too, since no field here is free text spanning lines.
 */
public final class InputText {

    /** The message of a field that breaks the rule. */
    public static final String CONTROL_CHARACTER = "must not contain control characters";

    private InputText() {
    }

    /** Whether {@code value} holds a C0 control character (U+0000–U+001F), DEL or a C1 control character (U+0080–U+009F). */
    public static boolean hasControlCharacter(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
