package dev.loupe.app;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Loupe with every embedded server, started once for all integration tests of the JVM (one cached context):
 * free ports, fresh data under target/loupe-it, snapshots every 4 events so they are exercised, outage waits of
 * seconds (a model-server outage test takes seconds, not minutes), a training policy that retrains after 20 verified
 * tasks but never checks by itself (tests ask it), the embedded model server with the real PaddleOCR models, and a
 * recipe directory watch on a folder of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    classes = LoupeApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "loupe.data-dir=target/loupe-it/${random.uuid}",
      "loupe.embedded.zeebe.port=0",
      "loupe.embedded.postgres.port=0",
      "loupe.embedded.kafka.port=0",
      "loupe.embedded.kafka.controller-port=0",
      "loupe.embedded.elasticsearch.port=0",
      "loupe.embedded.elasticsearch.transport-port=0",
      "loupe.embedded.elasticsearch.heap=384m",
      "loupe.embedded.inference.port=0",
      "loupe.journal.snapshot-every=4",
      "loupe.jobs.outage-wait=PT12S",
      "loupe.jobs.outage-last-wait=PT30S",
      "loupe.training.policy.new-sessions=20",
      "loupe.training.policy.check-every=PT24H",
      "loupe.recipes.watch-directory=target/test-classes/recipes-watch",
      "loupe.security.admin-password=" + StaffAuth.ADMIN_PASSWORD
    })
@Import(StaffAuth.class)
public @interface LoupeIntegrationTest {}
