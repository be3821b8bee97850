package dev.switchboard.sandbox;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated phone call against a voice webhook, as Twilio would make it: it fetches the TwiML (signed
 * POSTs), reads out Say and Play, answers each Gather with the next input (digits are pressed, words are
 * spoken, {@code timeout} says nothing), follows Gather actions and Redirects, plays a Record through its
 * callbacks, and stops at Hangup, Dial or the end of a document. The transcript is the result.
 */
public final class IvrWalker {

    /** What happened on the call. */
    public record Walk(String callSid, String ended, List<String> menus, List<String> transcript, List<String> requests) {
    }

    private static final Pattern MENU = Pattern.compile("/twilio/voice/menu/([^/?]+)(\\?.*)?$");
    private static final Pattern DIGITS = Pattern.compile("[0-9*#]+");
    static final String VOICEMAIL_TEXT = "Hello, this is a test voicemail from the sandbox.";

    /** The largest TwiML answer the walker reads. */
    static final int MAX_TWIML = 256 * 1024;

    /** Which hosts the walker may call: it posts signed webhooks and follows the TwiML's URLs, so never just any. */
    @FunctionalInterface
    public interface Hosts {
        boolean allows(String host);

        /** This machine, and the host of {@code publicUrl} (Switchboard's SWITCHBOARD_PUBLIC_URL) when given. */
        static Hosts localAnd(String publicUrl) {
            String own = publicUrl == null || publicUrl.isBlank() ? null : URI.create(publicUrl.strip()).getHost();
            return host -> host != null && (host.equalsIgnoreCase(own) || host.equalsIgnoreCase("localhost")
                    || host.equals("::1") || host.equals("[::1]") || host.startsWith("127."));
        }
    }

    private final String authToken;
    private final String accountSid;
    private final Hosts hosts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final SecureRandom random = new SecureRandom();

    public IvrWalker(String accountSid, String authToken, Hosts hosts) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.hosts = hosts;
    }

    /** Calls {@code url} (an incoming-call or menu webhook) from {@code from} to {@code to} with these inputs. */
    public Walk walk(String url, String from, String to, List<String> inputs, int maxSteps) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String callSid = "CA" + HexFormat.of().formatHex(id);
        Map<String, String> call = new LinkedHashMap<>();
        call.put("AccountSid", accountSid);
        call.put("ApiVersion", "2010-04-01");
        call.put("CallSid", callSid);
        call.put("CallStatus", "in-progress");
        call.put("Called", to);
        call.put("Caller", from);
        call.put("Direction", "inbound");
        call.put("From", from);
        call.put("To", to);
        Deque<String> left = new ArrayDeque<>(inputs);
        List<String> transcript = new ArrayList<>();
        List<String> menus = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        String next = url;
        Map<String, String> extra = Map.of();
        for (int step = 0; step < maxSteps; step++) {
            requests.add(next);
            Matcher m = MENU.matcher(next);
            if (m.find()) {
                menus.add(java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
            }
            Map<String, String> params = new LinkedHashMap<>(call);
            params.putAll(extra);
            HttpResponse<String> response = post(next, params);
            if (response.statusCode() != 200) {
                transcript.add("error: HTTP " + response.statusCode() + " from " + next);
                return new Walk(callSid, "error", menus, transcript, requests);
            }
            Element root = parse(response.body()).getDocumentElement();
            if (!"Response".equals(root.getTagName())) {
                transcript.add("error: the answer is not TwiML <Response>");
                return new Walk(callSid, "error", menus, transcript, requests);
            }
            Outcome o = run(root, next, callSid, call, left, transcript);
            if (o.ended != null) {
                return new Walk(callSid, o.ended, menus, transcript, requests);
            }
            next = o.next;
            extra = o.params;
        }
        return new Walk(callSid, "max-steps", menus, transcript, requests);
    }

    private record Outcome(String ended, String next, Map<String, String> params) {
    }

    private Outcome run(Element root, String current, String callSid, Map<String, String> call, Deque<String> inputs,
                        List<String> transcript) {
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element verb)) {
                continue;
            }
            switch (verb.getTagName()) {
                case "Say" -> transcript.add("say: " + verb.getTextContent().strip());
                case "Play" -> transcript.add("play: " + verb.getTextContent().strip());
                case "Pause" -> transcript.add("pause");
                case "Gather" -> {
                    for (Node c = verb.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if (c instanceof Element e && ("Say".equals(e.getTagName()) || "Play".equals(e.getTagName()))) {
                            transcript.add(e.getTagName().toLowerCase() + ": " + e.getTextContent().strip());
                        }
                    }
                    String input = inputs.isEmpty() ? "timeout" : inputs.poll();
                    String accepts = verb.getAttribute("input").isEmpty() ? "dtmf" : verb.getAttribute("input");
                    boolean digits = DIGITS.matcher(input).matches() && accepts.contains("dtmf");
                    boolean speech = !DIGITS.matcher(input).matches() && !"timeout".equals(input)
                            && accepts.contains("speech");
                    if (!digits && !speech) {
                        transcript.add("(no input)");
                        continue;
                    }
                    transcript.add(digits ? "press: " + input : "speak: " + input);
                    String action = verb.getAttribute("action").isEmpty() ? current : resolve(current, verb.getAttribute("action"));
                    return new Outcome(null, action, digits ? Map.of("Digits", input)
                            : Map.of("SpeechResult", input, "Confidence", "0.9"));
                }
                case "Redirect" -> {
                    return new Outcome(null, resolve(current, verb.getTextContent().strip()), Map.of());
                }
                case "Dial" -> {
                    StringBuilder to = new StringBuilder(verb.getTextContent().strip());
                    transcript.add("dial: " + to + (verb.getAttribute("callerId").isEmpty() ? ""
                            : " (caller ID " + verb.getAttribute("callerId") + ")"));
                    return new Outcome("dial", null, null);
                }
                case "Record" -> {
                    transcript.add("record: up to " + (verb.getAttribute("maxLength").isEmpty() ? "3600"
                            : verb.getAttribute("maxLength")) + " s" + ("true".equals(verb.getAttribute("transcribe"))
                            ? ", transcribed" : ""));
                    return record(verb, current, callSid, call, transcript);
                }
                case "Hangup" -> {
                    transcript.add("hangup");
                    return new Outcome("hangup", null, null);
                }
                case "Reject" -> {
                    transcript.add("reject");
                    return new Outcome("reject", null, null);
                }
                default -> transcript.add("unknown verb: " + verb.getTagName());
            }
        }
        transcript.add("(end of TwiML: the call hangs up)");
        return new Outcome("end", null, null);
    }

    /** A voicemail: the recording and transcription callbacks, then Record's action. */
    private Outcome record(Element verb, String current, String callSid, Map<String, String> call,
                           List<String> transcript) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String recordingSid = "RE" + HexFormat.of().formatHex(id);
        String recordingUrl = "https://api.twilio.com/2010-04-01/Accounts/" + accountSid + "/Recordings/" + recordingSid;
        Map<String, String> recording = new LinkedHashMap<>(call);
        recording.put("RecordingSid", recordingSid);
        recording.put("RecordingUrl", recordingUrl);
        recording.put("RecordingDuration", "7");
        if (!verb.getAttribute("recordingStatusCallback").isEmpty()) {
            Map<String, String> p = new LinkedHashMap<>(recording);
            p.put("RecordingStatus", "completed");
            p.put("RecordingSource", "RecordVerb");
            transcript.add("recording callback: HTTP "
                    + post(resolve(current, verb.getAttribute("recordingStatusCallback")), p).statusCode());
        }
        if ("true".equals(verb.getAttribute("transcribe")) && !verb.getAttribute("transcribeCallback").isEmpty()) {
            Map<String, String> p = new LinkedHashMap<>(recording);
            p.put("TranscriptionSid", "TR" + HexFormat.of().formatHex(id));
            p.put("TranscriptionText", VOICEMAIL_TEXT);
            p.put("TranscriptionStatus", "completed");
            transcript.add("transcription callback: HTTP "
                    + post(resolve(current, verb.getAttribute("transcribeCallback")), p).statusCode());
        }
        String action = verb.getAttribute("action").isEmpty() ? current : resolve(current, verb.getAttribute("action"));
        // Record's action gets the recording too; Digits=hangup means the caller hung up to finish.
        return new Outcome(null, action, Map.of("RecordingSid", recordingSid, "RecordingUrl", recordingUrl,
                "RecordingDuration", "7", "Digits", "hangup"));
    }

    private HttpResponse<String> post(String url, Map<String, String> params) {
        String host = URI.create(url).getHost();
        if (!hosts.allows(host)) {
            throw new IllegalArgumentException("the IVR walker calls this machine or SWITCHBOARD_PUBLIC_URL's host only,"
                    + " not " + host);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", TwilioSignature.sign(authToken, url, params))
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(FormCodec.encode(params), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<java.io.InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] twiml;
            try (java.io.InputStream in = answer.body()) {
                twiml = in.readNBytes(MAX_TWIML + 1);
            }
            if (twiml.length > MAX_TWIML) {
                throw new IllegalArgumentException("the IVR at " + url + " answered more than " + MAX_TWIML / 1024
                        + " KiB of TwiML");
            }
            return new TwimlAnswer(answer, new String(twiml, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the IVR at " + url + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String resolve(String current, String target) {
        return URI.create(current).resolve(target).toString();
    }

    /** TwiML parsed strictly: no DTDs or external entities. */
    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not well-formed TwiML: " + e.getMessage(), e);
        }
    }
}
