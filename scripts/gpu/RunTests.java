package org.djlvulkan.gpu;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Runs the named JUnit test classes and prints the summary with each failure (GPU machine). */
public final class RunTests {
  public static void main(String[] args) throws Exception {
    LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request();
    for (String c : args) {
      b.selectors(selectClass(Class.forName(c)));
    }
    LauncherDiscoveryRequest request = b.build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    PrintWriter out = new PrintWriter(System.out);
    listener.getSummary().printTo(out);
    listener.getSummary().printFailuresTo(out, 8);
    out.flush();
    System.exit(listener.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
  }
}
