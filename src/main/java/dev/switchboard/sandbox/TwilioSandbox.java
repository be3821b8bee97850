package dev.switchboard.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local, stateful stand-in for Twilio's Messages, Calls and Verify APIs that answers like Twilio and sends
 * signed status callbacks; plus sandbox-only tools ({@code /sandbox/…}): an IVR walker and Verify codes.
 */
public final class TwilioSandbox implements AutoCloseable {

    /** Room for bursts from benchmarks before the kernel refuses connections. */
    private static final int BACKLOG = 1024;

    static {
        // The JDK server writes headers and body in two packets; with Nagle's algorithm on, every answer then
        // waits ~40 ms for the client's delayed ACK. The JDK reads this once per JVM, at its first HttpServer.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SandboxConfig config;
    private final SandboxState state;
    private final StatusCallbacks callbacks;
    private final SandboxCalls calls;
    private final VerifyApi verify;
    private final ExecutorService handlers;
    private final HttpServer server;
    private final FaultPlan faults;
    private final CreateStats createStats;

    private TwilioSandbox(SandboxConfig config, SandboxState state, StatusCallbacks callbacks, SandboxCalls calls,
            VerifyApi verify, ExecutorService handlers, HttpServer server, FaultPlan faults, CreateStats createStats) {
        this.config = config;
        this.state = state;
        this.callbacks = callbacks;
        this.calls = calls;
        this.verify = verify;
        this.handlers = handlers;
        this.server = server;
        this.faults = faults;
        this.createStats = createStats;
    }

    /** Starts listening at once; {@code config.port() == 0} picks a free port, see {@link #baseUrl()}. */
    public static TwilioSandbox start(SandboxConfig config) {
        SandboxState state = new SandboxState(config);
        StatusCallbacks callbacks = new StatusCallbacks(config, state);
        SandboxCalls calls = new SandboxCalls(config);
        VerifyApi verify = new VerifyApi(config);
        ExecutorService handlers = Executors.newFixedThreadPool(config.threads(), new DaemonThreads("sandbox-http-"));
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), BACKLOG);
            FaultPlan faults = new FaultPlan();
            CreateStats createStats = new CreateStats(state.callbacksFailed::get, state.callbackTimes);
            FaultyMessages messages = new FaultyMessages(new MessagesApi(config, state, callbacks), faults, createStats, config);
            CallsApi callsApi = new CallsApi(config, state, calls);
            server.createContext("/", exchange -> (CallsApi.handles(exchange.getRequestURI().getPath()) ? callsApi
                    : messages).handle(exchange));
            server.createContext("/v2/", verify);
            // Tools answer this machine; elsewhere only with the token. The walker calls this machine and the gateway.
            String toolsToken = System.getenv("SWITCHBOARD_SANDBOX_TOOLS_TOKEN");
            server.createContext("/sandbox/", new SandboxTools(config, verify, toolsToken,
                    IvrWalker.Hosts.localAnd(System.getenv("SWITCHBOARD_PUBLIC_URL"))));
            FaultTools faultTools = new FaultTools(faults, createStats, toolsToken);
            server.createContext("/sandbox/faults", faultTools);
            server.createContext("/sandbox/stats", faultTools);
            server.setExecutor(handlers);
            server.start();
            return new TwilioSandbox(config, state, callbacks, calls, verify, handlers, server, faults, createStats);
        } catch (IOException e) {
            calls.close();
            callbacks.close();
            handlers.shutdownNow();
            throw new UncheckedIOException("Twilio sandbox cannot listen on " + config.host() + ":" + config.port(), e);
        }
    }

    /** Where to point a Twilio client instead of https://api.twilio.com, e.g. {@code http://127.0.0.1:54321}. */
    public String baseUrl() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    public SandboxConfig config() {
        return config;
    }

    /** POSTs to Messages.json received, whatever the answer. */
    public int createRequests() {
        return state.createRequests.get();
    }

    /** POSTs to Messages.json received for one To (as sent, e.g. {@code whatsapp:+1…}), whatever the answer. */
    public int createRequestsTo(String to) {
        var n = state.createRequestsByTo.get(to);
        return n == null ? 0 : n.get();
    }

    /** Faults that leave a caller unsure whether its message was created. */
    public MessageFaults messageFaults() {
        return state.faults;
    }

    /** The fault played on message creates (also at POST /sandbox/faults). */
    public FaultPlan faults() {
        return faults;
    }

    /** Message creates counted per message, faults included (also at GET /sandbox/stats). */
    public CreateStats createStats() {
        return createStats;
    }

    /** Creates answered 201. */
    public int messagesCreated() {
        return state.messagesCreated.get();
    }

    /** Form parameters of each successful create, in order; a repeated parameter shows its first value. */
    public List<Map<String, String>> createdParams() {
        return state.createdParams();
    }

    /**
     * Makes the next {@code count} creates (after authentication) answer {@code httpStatus} without creating a
     * message: 500/503 carry code 20500, 429 carries code 20429 and {@code Retry-After: 1}.
     */
    public void failNext(int count, int httpStatus) {
        if (count < 0 || httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("failNext needs count >= 0 and a 4xx/5xx status, got "
                    + count + ", " + httpStatus);
        }
        state.failNext(count, httpStatus);
    }

    /** Status callbacks answered with a 2xx. */
    public int callbacksSent() {
        return state.callbacksSent.get();
    }

    /** Status callbacks that could not be delivered: refused, timed out, invalid URL or non-2xx answer. */
    public int callbacksFailed() {
        return state.callbacksFailed.get();
    }

    /** POSTs to Calls.json received, whatever the answer. */
    public int callRequests() {
        return calls.createRequests.get();
    }

    /** Calls answered 201. */
    public int callsCreated() {
        return calls.callsCreated.get();
    }

    /** Form parameters of each successful call create, in order, with every value of repeated parameters. */
    public List<Map<String, List<String>>> createdCallParams() {
        return calls.createdParams();
    }

    /**
     * The next calls to {@code to} end this way, in order (completed, busy, no-answer, failed); later calls
     * complete. Without a queued outcome, +15005550010 is busy, +15005550011 no-answer, +15005550012 failed.
     */
    public void queueCallOutcomes(String to, String... outcomes) {
        calls.queueOutcomes(to, List.of(outcomes));
    }

    /** Call status callbacks answered with a 2xx. */
    public int callCallbacksSent() {
        return calls.callbacksSent.get();
    }

    /** The pending verification code for a recipient (also at GET /sandbox/verify/code?to=). */
    public java.util.Optional<String> verificationCode(String to) {
        return verify.pending(to).map(p -> p.code);
    }

    /** Lets a recipient's verification expire now, as if its ten minutes had passed. */
    public boolean expireVerification(String to) {
        return verify.expire(to);
    }

    /** Walks an IVR like a caller: see {@link IvrWalker} (also at POST /sandbox/ivr/walk). */
    public IvrWalker.Walk walkIvr(String url, List<String> inputs) {
        return new IvrWalker(config.accountSid(), config.authToken(),
                IvrWalker.Hosts.localAnd(System.getenv("SWITCHBOARD_PUBLIC_URL"))).walk(url, "+14155550100", "+15005550006",
                inputs, 40);
    }

    @Override
    public void close() {
        server.stop(0);
        calls.close();
        callbacks.close();
        handlers.shutdownNow();
    }

    /** Standalone mode: flags or SANDBOX_* environment variables, one line on stdout, then runs until killed. */
    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help")) {
            System.out.println(SandboxOptions.USAGE);
            return;
        }
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(SandboxOptions.USAGE);
            System.exit(2);
            return;
        }
        TwilioSandbox sandbox = start(options.config());
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
        System.out.println(options.banner(sandbox.baseUrl()));
        new CountDownLatch(1).await();
    }
}
