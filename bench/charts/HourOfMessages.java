import dev.switchboard.store.Ids;
import java.io.*;
import java.time.Instant;
import java.util.Random;
/**
 * Prints ROWS messages as CSV for PostgreSQL's COPY, created evenly over the last hour with ids as Switchboard makes
 * them (so the last-hour range scans behave as in production): 90 % delivered, 5 % undelivered (30003), 2 % failed
 * (21212), 3 % suppressed. Run by run.sh beside it with the jar on the class path.
 */
public class HourOfMessages {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    if (a.length > 1) { // the lowest id of the last hour, for the script's own queries
      System.out.println(Ids.lowestIdAt(System.currentTimeMillis() - 3_600_000L));
      return;
    }
    long now = System.currentTimeMillis();
    long start = now - 3_600_000L;
    Random r = new Random(1);
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 20));
    for (int i = 0; i < n; i++) {
      long t = start + (long) i * 3_600_000L / n;
      double x = r.nextDouble();
      String status = x < 0.90 ? "delivered" : x < 0.95 ? "undelivered" : x < 0.97 ? "failed" : "suppressed";
      String code = status.equals("undelivered") ? "30003" : status.equals("failed") ? "21212" : "";
      String ts = Instant.ofEpochMilli(t).toString();
      out.print(Ids.newMessageId(t)); out.print(",sms,+14155550100,1,GSM-7,"); out.print(status);
      out.print(",http,f,"); out.print(code); out.print(','); out.print(ts); out.print(','); out.print(ts); out.print('\n');
    }
    out.flush();
  }
}
