package io.dorastream.api.problem;

import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A refusal of the framework as a problem's {@code status}, {@code detail} and {@code errors}, the same
 * in every service. A body Jackson refused is a 400 naming the offending field by its path
 * ({@code backfillDays}, {@code items[2].name}) and what it must be; it never repeats Jackson's own
 * message, which quotes the refused value (a key, perhaps).
 */
public record Refusal(int status, String detail, Map<String, String> errors) {

    /** A refusal the framework raised with {@code status} (a JAX-RS {@code WebApplicationException}'s) and {@code cause}. */
    public static Refusal of(int status, Throwable cause) {
        if (cause instanceof JsonProcessingException json) {
            return of(json);
        }
        return new Refusal(status, status == 400 ? "the request could not be read" : Problems.title(status), null);
    }

    /** The refusal of {@code e}, which a JSON body reader raised. */
    public static Refusal of(JsonProcessingException e) {
        if (e instanceof JsonMappingException && e.getCause() instanceof JsonProcessingException read
                && !(read instanceof InputCoercionException) && !(read instanceof JsonMappingException)) {
            e = read; // the body itself is malformed (Jackson only added the field it was reading)
        }
        if (e instanceof StreamConstraintsException) {
            return new Refusal(400, "the body exceeds a JSON limit (a number, a string or the nesting is too long)", null);
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = path(m);
            return new Refusal(400, "the body has a field of the wrong type or out of range: " + field,
                    Problems.field(field, expected(m)));
        }
        if (e instanceof MismatchedInputException) {
            return new Refusal(400, "the body must be a JSON object", null);
        }
        JsonLocation at = e.getLocation();
        return new Refusal(400, at == null || at.getLineNr() < 1 ? "the body is not valid JSON"
                : "the body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")", null);
    }

    private static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(JsonMappingException m) {
        Throwable cause = m.getCause();
        if (cause instanceof InputCoercionException c) {
            return "is out of range for " + describe(c.getTargetType());
        }
        Class<?> target = m instanceof MismatchedInputException mi ? mi.getTargetType() : null;
        return target == null ? "has the wrong JSON type" : "must be " + describe(target);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "this field";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date or an RFC 3339 instant (a string)";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }
}
