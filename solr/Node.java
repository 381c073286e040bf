import java.util.Properties;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * One SolrCloud node on 127.0.0.1: java -cp CLASSPATH Node.java PORT SOLR_HOME ZK_HOST.
 * Solr's Maven artifacts hold no server start-up script, so the node runs in Solr's own
 * embedded Jetty (JettySolrRunner, from solr-test-framework), as MiniSolrCloudCluster does,
 * one JVM per node so that a node can be killed alone. It runs until it is killed, and exits
 * with status 1 if Solr cannot start.
 */
public class Node {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Properties properties = new Properties();
        properties.setProperty("zkHost", args[2]);
        properties.setProperty("hostPort", String.valueOf(port));
        JettyConfig config = JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build();
        try {
            new JettySolrRunner(args[1], properties, config).start();
        } catch (Exception e) {
            // e.g. ZooKeeper still holds this node's session from a crash: exit, to be started again
            e.printStackTrace();
            System.exit(1);
        }
        Thread.currentThread().join();
    }
}
