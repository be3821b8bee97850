package dev.switchboard.twilio;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
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

    public RetrylessHttpClient(String baseUrl, int connectTimeoutMillis, int socketTimeoutMillis, int maxConnections) {
        super(builder(connectTimeoutMillis, socketTimeoutMillis, maxConnections));
        this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
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
        return super.makeRequest(baseUrl == null ? request : redirect(request));
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
