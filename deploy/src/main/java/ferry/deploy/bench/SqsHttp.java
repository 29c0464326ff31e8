package ferry.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * SQS calls in the JSON protocol over Netty's HTTP/1.1 codec, on keep-alive connections that a
 * pool lends to one call at a time. Requests are unsigned: the peers measured accept any
 * credentials.
 *
 * <p>Why Netty and not Pekko HTTP's client: the generator shares two cores with the target, and
 * Pekko's pooled client took about 110 µs of CPU per call (0.69 cores at 6,000 sends/s, mostly
 * its stream stages and header parsing). Every microsecond the generator spends is taken from the
 * target it measures. One event loop serves every connection and also runs the callers'
 * continuations, so a call and the next one of the same client never change threads: with two
 * loops the generator took 0.40 cores at 9,600 sends/s, with one 0.34 at 13,000.
 */
final class SqsHttp implements AutoCloseable {
  private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
  // long polls last at most 20 s; a connection silent for longer is closed, failing its call if
  // it has one (Netty's own check on the event loop: no timer per call)
  private static final int SILENT_SECONDS = 60;
  private static final AttributeKey<CompletableFuture<FullHttpResponse>> PENDING = AttributeKey.valueOf("pending");

  /** A call the service refused or that did not reach it; {@code kind} is how the run counts it. */
  static final class CallFailed extends RuntimeException {
    final String kind;

    CallFailed(String kind) {
      super(kind, null, false, false);
      this.kind = kind;
    }
  }

  private final EventLoopGroup eventLoop;
  private final SimpleChannelPool connections;
  private final String path;
  private final String host;
  final ObjectMapper json = new ObjectMapper();

  SqsHttp(URI endpoint) {
    this.eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("sqs-http", true));
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : 80;
    this.host = endpoint.getHost() + ":" + port;
    this.path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
    Bootstrap bootstrap = new Bootstrap().group(eventLoop).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .remoteAddress(endpoint.getHost(), port);
    this.connections = new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
      @Override
      public void channelCreated(Channel channel) {
        channel.pipeline().addLast(new ReadTimeoutHandler(SILENT_SECONDS), new HttpClientCodec(),
            new HttpObjectAggregator(MAX_RESPONSE_BYTES), new Answers());
      }
    });
  }

  /** The connections' event loop, for the callers' continuations. */
  Executor executor() {
    return eventLoop;
  }

  CompletionStage<JsonNode> call(String action, ObjectNode body) {
    FullHttpRequest request;
    try {
      request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
          Unpooled.wrappedBuffer(json.writeValueAsBytes(body)));
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    request.headers()
        .set(HttpHeaderNames.HOST, host)
        .set(HttpHeaderNames.CONTENT_TYPE, "application/x-amz-json-1.0")
        .set("X-Amz-Target", "AmazonSQS." + action)
        .set(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    connections.acquire().addListener((io.netty.util.concurrent.Future<Channel> acquired) -> {
      if (!acquired.isSuccess()) {
        request.release();
        answer.completeExceptionally(acquired.cause());
        return;
      }
      Channel channel = acquired.getNow();
      CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
      channel.attr(PENDING).set(response);
      response.whenComplete((received, failure) -> {
        if (failure != null) {
          channel.close(); // the pool lends only open connections, so a broken one just goes
          answer.completeExceptionally(failure);
          return;
        }
        try {
          if (HttpUtil.isKeepAlive(received)) {
            connections.release(channel);
          } else {
            channel.close();
          }
          answer.complete(parse(action, received));
        } catch (RuntimeException refused) {
          answer.completeExceptionally(refused);
        } finally {
          received.release();
        }
      });
      channel.writeAndFlush(request).addListener(written -> {
        if (!written.isSuccess()) {
          response.completeExceptionally(written.cause());
        }
      });
    });
    return answer;
  }

  private JsonNode parse(String action, FullHttpResponse response) {
    int status = response.status().code();
    if (status != 200) {
      String error = response.headers().get("x-amzn-query-error");
      throw new CallFailed(action + " " + status + " " + (error != null ? error.split(";")[0] : "HTTP " + status));
    }
    if (!response.content().isReadable()) {
      return json.createObjectNode();
    }
    try {
      return json.readTree(new ByteBufInputStream(response.content()));
    } catch (IOException malformed) {
      throw new CallFailed(action + " malformed response");
    }
  }

  @Override
  public void close() {
    connections.close();
    eventLoop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Hands each response, or the connection's end, to the call waiting on that connection. */
  private static final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
    Answers() {
      super(false); // the call releases the response once it has read it
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
      CompletableFuture<FullHttpResponse> pending = context.channel().attr(PENDING).getAndSet(null);
      if (pending == null || !pending.complete(response)) {
        response.release();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
      fail(context, new ClosedChannelException());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      fail(context, cause);
      context.close();
    }

    private static void fail(ChannelHandlerContext context, Throwable cause) {
      CompletableFuture<FullHttpResponse> pending = context.channel().attr(PENDING).getAndSet(null);
      if (pending != null) {
        pending.completeExceptionally(cause);
      }
    }
  }
}
