package org.hallqms.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.hallqms.Problem;
import org.hallqms.store.Json;

/**
 * Refusals Jetty gives before Javalin sees a request (a malformed request line, an ambiguous path like
 * {@code /%00}): problem+json like every other refusal, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final String TYPE = "application/problem+json; charset=utf-8";

    private static byte[] body(int status, String message) {
        Problem p = status == 404 ? Problem.NOT_FOUND : status == 405 ? Problem.METHOD_NOT_ALLOWED
                : status == 413 ? Problem.BODY_TOO_LARGE : status < 500 ? Problem.INVALID_REQUEST : Problem.INTERNAL;
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("type", p.type());
        m.put("title", p.title());
        m.put("status", status);
        m.put("detail", "the request was refused before it reached the service: "
                + (message == null || message.isBlank() ? "malformed" : message));
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPE);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, TYPE));
        return ByteBuffer.wrap(body(status, reason));
    }
}
