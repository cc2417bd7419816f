package io.dorastream.devstack.simulator;

/** Ends a request with a prepared error answer. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ApiResponse response;

    ApiException(ApiResponse response) {
        super("HTTP " + response.status(), null, false, false);
        this.response = response;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(ApiResponse.badRequest(detail));
    }

    ApiResponse response() {
        return response;
    }
}
