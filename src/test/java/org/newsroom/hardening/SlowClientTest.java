package org.newsroom.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Slow clients are cut off: a connection that sends half a request and falls silent, or that
 * trickles its body in a byte at a time, is closed within the read timeout (1 s here, 30 s by
 * default: newsroom.http.read-timeout), so that a few such clients cannot hold every connection.
 */
@QuarkusTest
@TestProfile(SlowClientTest.ShortReadTimeout.class)
class SlowClientTest {

    private static final long READ_TIMEOUT_MILLIS = 1000;
    /** The read timeout, and time for the server's timer and the close to arrive on a busy machine. */
    private static final long CLOSED_WITHIN_MILLIS = READ_TIMEOUT_MILLIS + 2500;

    public static class ShortReadTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("newsroom.http.read-timeout", READ_TIMEOUT_MILLIS + "ms");
        }
    }

    @TestHTTPResource("/")
    URI server;

    @Test
    void halfAHeaderBlockThenSilenceIsClosed() throws IOException {
        try (Socket socket = connect()) {
            long start = System.currentTimeMillis();
            send(socket, "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Ty");
            String answer = readUntilClosed(socket, 10_000);
            long elapsed = System.currentTimeMillis() - start;
            assertTrue(elapsed < CLOSED_WITHIN_MILLIS, "closed after " + elapsed + " ms; answer: " + answer);
        }
    }

    @Test
    void halfABodyThenSilenceIsClosed() throws IOException {
        try (Socket socket = connect()) {
            long start = System.currentTimeMillis();
            send(socket, "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"query\":\"{ __typen");
            String answer = readUntilClosed(socket, 10_000);
            long elapsed = System.currentTimeMillis() - start;
            assertTrue(elapsed < CLOSED_WITHIN_MILLIS, "closed after " + elapsed + " ms; answer: " + answer);
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
        }
    }

    @Test
    void aBodyTricklingInIsAnswered408AndClosed() throws IOException, InterruptedException {
        try (Socket socket = connect()) {
            socket.setSoTimeout(200);
            long start = System.currentTimeMillis();
            send(socket, "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n");
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            boolean closed = false;
            // A byte every 200 ms: never silent long enough for an idle timeout.
            while (!closed && System.currentTimeMillis() - start < 8_000) {
                try {
                    socket.getOutputStream().write(' ');
                    socket.getOutputStream().flush();
                } catch (IOException reset) {
                    closed = true;
                    break;
                }
                closed = readAvailable(socket, answer);
            }
            long elapsed = System.currentTimeMillis() - start;
            String text = answer.toString(StandardCharsets.UTF_8);
            assertTrue(closed && elapsed < CLOSED_WITHIN_MILLIS, "closed: " + closed + " after " + elapsed
                    + " ms; answer: " + text);
            assertTrue(text.startsWith("HTTP/1.1 408"), text);
            assertTrue(text.contains("\"code\":\"BAD_REQUEST\""), text);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(server.getHost(), server.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Everything the server sends until it closes; fails if it is still open after the given time. */
    private static String readUntilClosed(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                answer.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("still open after " + millis + " ms; answer so far: "
                    + answer.toString(StandardCharsets.UTF_8));
        } catch (IOException reset) {
            // closed by the server with a reset: closed all the same
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** Reads what has arrived (waiting up to the socket's timeout); true when the server has closed. */
    private static boolean readAvailable(Socket socket, ByteArrayOutputStream answer) {
        byte[] buffer = new byte[4096];
        try {
            int read = socket.getInputStream().read(buffer);
            if (read < 0) {
                return true;
            }
            answer.write(buffer, 0, read);
            return false;
        } catch (SocketTimeoutException nothingYet) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
