package io.camunda.zeebe.process.test.engine;

import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.engine.Engine;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.util.FeatureFlags;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.util.List;

/**
 * zeebe-process-test's engine, assembled as its {@code EngineFactory} does, with one part changed: the engine's state
 * lives in RocksDB, through Zeebe's own {@link ZeebeRocksDbFactory} as in a broker, instead of the test engine's
 * in-memory database. That database copies all of its entries into a new tree for every iteration the engine starts
 * (each job activation, each message correlation, each timer check), so every command costs time in proportion to
 * everything in flight, and a few hundred waiting tasks brought the engine, and with it every recipe, to a crawl
 * (Loupe's ADR 0033). The log stays in memory as before, so the state is a scratch directory that starts empty.
 *
 * <p>It lives in the engine's package because the parts it assembles are package-private there; it uses each of
 * them as {@code EngineFactory} does, and changes none.
 */
public final class RocksDbEngineFactory {

  private static final int PARTITION = 1;
  private static final int PARTITIONS = 1;

  private RocksDbEngineFactory() {}

  /**
   * A stopped engine whose gateway will listen on {@code port} and whose state goes to {@code stateDirectory}, which
   * must be empty or absent.
   */
  public static ZeebeTestEngine create(int port, File stateDirectory) {
    ControlledActorClock clock = new ControlledActorClock();
    ActorScheduler scheduler = ActorScheduler.newActorScheduler().setActorClock(clock).build();
    scheduler.start();
    InMemoryLogStorage storage = new InMemoryLogStorage();
    LogStream logStream = LogStream.builder().withPartitionId(PARTITION).withLogStorage(storage).withClock(clock)
        .withMeterRegistry(new SimpleMeterRegistry()).build();
    CommandWriter writer = new CommandWriter(logStream.newLogStreamWriter());
    CommandSender sender = new CommandSender(writer);
    GatewayRequestStore requests = new GatewayRequestStore();
    InMemoryJobStreamer jobStreamer = new InMemoryJobStreamer(writer);
    GrpcToLogStreamGateway gateway =
        new GrpcToLogStreamGateway(writer, PARTITION, PARTITIONS, port, requests, jobStreamer);
    Server grpcServer = ServerBuilder.forPort(port).addService(gateway).build();
    GrpcResponseWriter responses = new GrpcResponseWriter(gateway, requests, intent -> { });
    ZeebeDb<ZbColumnFamilies> state = stateIn(stateDirectory);
    StreamProcessor processor = streamProcessor(logStream, state, scheduler, responses, sender, jobStreamer, clock);
    EngineStateMonitor monitor = new EngineStateMonitor(storage, processor);
    RecordStreamSourceImpl records = new RecordStreamSourceImpl(logStream.newLogStreamReader(), PARTITION);
    return new InMemoryEngine(grpcServer, processor, gateway, state, logStream, scheduler, records, clock, monitor);
  }

  private static ZeebeDb<ZbColumnFamilies> stateIn(File directory) {
    return new ZeebeRocksDbFactory<ZbColumnFamilies>(new RocksDbConfiguration(), new ConsistencyChecksSettings(),
        new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, PARTITION), SimpleMeterRegistry::new)
        .createDb(directory);
  }

  private static StreamProcessor streamProcessor(LogStream logStream, ZeebeDb<ZbColumnFamilies> state,
      ActorScheduler scheduler, GrpcResponseWriter responses, CommandSender sender, InMemoryJobStreamer jobStreamer,
      ControlledActorClock clock) {
    SecurityConfiguration security = new SecurityConfiguration();
    security.getAuthorizations().setEnabled(false);
    Engine engine = new Engine(context -> EngineProcessors.createEngineProcessors(context, PARTITIONS,
        new SubscriptionCommandSender(context.getPartitionId(), sender), sender, FeatureFlags.createDefault(),
        jobStreamer, SearchClientsProxy.noop(), new BrokerRequestAuthorizationConverter(security)),
        new EngineConfiguration(), security);
    return StreamProcessor.builder()
        .logStream(logStream)
        .zeebeDb(state)
        .commandResponseWriter(responses)
        .partitionCommandSender(sender)
        .recordProcessors(List.of(engine))
        .actorSchedulingService(scheduler)
        .clock(new ControllableStreamClockImpl(clock))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }
}
