package io.dorastream.connector.connection;

/** What a caller asks to connect; every optional field may be null. */
public record NewConnection(String name, String site, String apiKey, String appKey, String query, Integer backfillDays,
        Integer pollIntervalSeconds) {

    @Override
    public String toString() {
        return "NewConnection[name=" + name + ", site=" + site + ", query=" + query + ", backfillDays=" + backfillDays
                + ", pollIntervalSeconds=" + pollIntervalSeconds + "]";
    }
}
