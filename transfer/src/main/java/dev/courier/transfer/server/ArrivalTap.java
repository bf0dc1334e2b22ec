package dev.courier.transfer.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Sits before the frame decoder and tells the handler that bytes arrived, so it can start a frame's deadline. */
final class ArrivalTap extends ChannelInboundHandlerAdapter {
    private final TransferServerHandler handler;

    ArrivalTap(TransferServerHandler handler) {
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        handler.bytesArrived();
        ctx.fireChannelRead(msg);
    }
}
