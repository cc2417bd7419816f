package io.dorastream.connector.connection;

import jakarta.persistence.AttributeConverter;

/** An enum whose constants each have one spelling, the same in the API (JSON) and in the database. */
public interface Spelled {

    /** How the API and the database spell the constant. */
    String spelling();

    /** The constant of {@code type} spelled {@code value}. */
    static <E extends Enum<E> & Spelled> E parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.spelling().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value + "'");
    }

    /** Stores a spelled constant by its spelling; subclassed once per enum (JPA wants a concrete converter). */
    abstract class Column<E extends Enum<E> & Spelled> implements AttributeConverter<E, String> {
        private final Class<E> type;

        protected Column(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : value.spelling();
        }

        @Override
        public E convertToEntityAttribute(String value) {
            return value == null ? null : parse(type, value);
        }
    }
}
