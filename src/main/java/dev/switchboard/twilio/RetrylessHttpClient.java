package dev.switchboard.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.http.Header;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Twilio SDK's HTTP client with its own retries turned off (it resends a 5xx POST up to three
 * times, texting a person three times) and every Twilio host optionally pointed at one base URL.
 * Retrying is the outbox's decision, never the SDK's.
 */
public final class RetrylessHttpClient extends NetworkHttpClient {

    private static final Pattern TWILIO_HOST = Pattern.compile("^https://[a-z0-9.-]+\\.twilio\\.com");

    private final String baseUrl;
    private final RetryAfters retryAfters;

    public RetrylessHttpClient(String baseUrl, int connectTimeoutMillis, int socketTimeoutMillis, int maxConnections) {
        this(baseUrl, connectTimeoutMillis, socketTimeoutMillis, maxConnections, new RetryAfters());
    }

    /** As above, noting each 429's {@code Retry-After} against the request's sender in {@code retryAfters}. */
    public RetrylessHttpClient(String baseUrl, int connectTimeoutMillis, int socketTimeoutMillis, int maxConnections,
                               RetryAfters retryAfters) {
        super(builder(connectTimeoutMillis, socketTimeoutMillis, maxConnections));
        this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
        this.retryAfters = retryAfters;
    }

    private static HttpClientBuilder builder(int connectTimeoutMillis, int socketTimeoutMillis, int maxConnections) {
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setMaxTotal(maxConnections);
        pool.setDefaultMaxPerRoute(maxConnections);
        RequestConfig config = RequestConfig.custom()
                .setConnectTimeout(connectTimeoutMillis)
                .setConnectionRequestTimeout(connectTimeoutMillis)
                .setSocketTimeout(socketTimeoutMillis)
                .build();
        return HttpClientBuilder.create()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(config)
                .disableAutomaticRetries()
                .useSystemProperties();
    }

    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        Response response = super.makeRequest(baseUrl == null ? request : redirect(request));
        if (response.getStatusCode() == 429) {
            retryAfters.note(sender(request), header(response, "Retry-After"));
        }
        return response;
    }

    /** The sender Twilio judged: {@code From} (with any {@code whatsapp:} prefix), else the Messaging Service. */
    private static String sender(Request request) {
        List<String> from = request.getPostParams().get("From");
        if (from != null && !from.isEmpty()) {
            return from.get(0);
        }
        List<String> service = request.getPostParams().get("MessagingServiceSid");
        return service == null || service.isEmpty() ? null : service.get(0);
    }

    private static String header(Response response, String name) {
        if (response.getHeaders() != null) {
            for (Header h : response.getHeaders()) {
                if (name.equalsIgnoreCase(h.getName())) {
                    return h.getValue();
                }
            }
        }
        return null;
    }

    /** A copy of the request aimed at the base URL: same path, parameters, headers and credentials. */
    Request redirect(Request original) {
        String url = TWILIO_HOST.matcher(original.getUrl()).replaceFirst(baseUrl);
        Request copy = new Request(original.getMethod(), url);
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        } else if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        copyParams(original.getQueryParams(), copy::addQueryParam);
        copyParams(original.getPostParams(), copy::addPostParam);
        copyParams(original.getHeaderParams(), copy::addHeaderParam);
        copy.setContentType(original.getContentType());
        copy.setBody(original.getBody());
        copy.setUserAgentExtensions(original.getUserAgentExtensions());
        return copy;
    }

    private interface ParamSink {
        void add(String name, String value);
    }

    private static void copyParams(Map<String, List<String>> params, ParamSink sink) {
        params.forEach((name, values) -> values.forEach(v -> sink.add(name, v)));
    }
}
