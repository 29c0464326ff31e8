package ferry.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.node.api.WireJson;
import ferry.persistence.catalog.CatalogEntity;
import ferry.persistence.queue.QueueEntity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /ferry/cluster} on the management port: the members with their status and, per
 * entity type and node, how many shards and entities it hosts. {@code ?locate=<entity id>}
 * also says which shard and node own that entity (for example {@code Queue} entity
 * {@code sqs:000000000000:orders}). Registered in management.conf.
 */
public final class ClusterStatusRoutes extends AllDirectives implements ManagementRouteProvider {
  private static final ObjectMapper JSON = WireJson.MAPPER;
  private static final Duration STATS_TIMEOUT = Duration.ofSeconds(3);
  private static final List<EntityTypeKey<?>> ENTITY_TYPES = List.of(QueueEntity.KEY, CatalogEntity.KEY);

  private final ActorSystem<?> system;
  private final HashCodeMessageExtractor<Object> shards;

  public ClusterStatusRoutes(ExtendedActorSystem system) {
    this.system = Adapter.toTyped(system);
    this.shards = new HashCodeMessageExtractor<>(
        system.settings().config().getInt("pekko.cluster.sharding.number-of-shards"));
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return path(PathMatchers.segment("ferry").slash("cluster"), () -> get(() ->
        parameterOptional("locate", locate -> completeWithFuture(status(locate)))));
  }

  private CompletionStage<HttpResponse> status(Optional<String> locate) {
    ObjectNode status = JSON.createObjectNode();
    ClusterEvent.CurrentClusterState state = Cluster.get(system).state();
    status.put("self", Cluster.get(system).selfMember().address().toString());
    status.put("leader", state.getLeader() == null ? null : state.getLeader().toString());
    ArrayNode members = status.putArray("members");
    for (Member member : state.getMembers()) {
      ObjectNode described = members.addObject();
      described.put("address", member.address().toString());
      described.put("status", member.status().toString());
      described.put("reachable", !state.getUnreachable().contains(member));
    }
    ObjectNode sharding = status.putObject("sharding");
    CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
    for (EntityTypeKey<?> type : ENTITY_TYPES) {
      CompletionStage<ShardRegion.ClusterShardingStats> stats = AskPattern.ask(
          ClusterSharding.get(system).shardState(),
          replyTo -> new GetClusterShardingStats(type, STATS_TIMEOUT, replyTo),
          STATS_TIMEOUT.plusSeconds(1), system.scheduler());
      all = all.thenCombine(stats, (done, regions) -> {
        sharding.set(type.name(), describe(regions, locate.filter(id -> type == QueueEntity.KEY)));
        return done;
      });
    }
    return all.thenApply(done -> HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, status.toString()));
  }

  private ObjectNode describe(ShardRegion.ClusterShardingStats stats, Optional<String> locate) {
    ObjectNode nodes = JSON.createObjectNode();
    String wantedShard = locate.map(shards::shardId).orElse(null);
    stats.getRegions().forEach((address, region) -> {
      ObjectNode node = nodes.putObject(address.toString());
      Map<String, Object> shardEntities = region.getStats();
      node.put("shards", shardEntities.size());
      node.put("entities", shardEntities.values().stream().mapToInt(count -> (Integer) count).sum());
      if (wantedShard != null && shardEntities.containsKey(wantedShard)) {
        ObjectNode located = node.putObject("located");
        located.put("entity", locate.get());
        located.put("shard", wantedShard);
      }
    });
    return nodes;
  }
}
