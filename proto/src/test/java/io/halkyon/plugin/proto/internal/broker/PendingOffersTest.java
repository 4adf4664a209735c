package io.halkyon.plugin.proto.internal.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.halkyon.plugin.proto.goplugin.ConnInfo;
import io.halkyon.plugin.proto.internal.broker.PendingOffers.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PendingOffersTest {

    private static final long TTL = TimeUnit.SECONDS.toNanos(5);
    private final AtomicLong now = new AtomicLong(1_000);
    private final PendingOffers offers = new PendingOffers(3, TTL, now::get);

    @Test
    void holdsAnOfferUntilClaimedOnce() throws Exception {
        assertThat(offers.offer(info(1))).isEqualTo(Outcome.HELD);
        assertThat(offers.claim(1, 0)).isEqualTo(info(1));
        assertThat(offers.claim(1, 1_000_000)).isNull();
    }

    @Test
    void deliversToAWaitingClaim() throws Exception {
        CompletableFuture<ConnInfo> claimed = CompletableFuture.supplyAsync(() -> claim(2, TimeUnit.SECONDS.toNanos(5)));
        await().until(() -> offers.waitingCount() == 1);
        assertThat(offers.offer(info(2))).isEqualTo(Outcome.DELIVERED);
        assertThat(claimed.get(5, TimeUnit.SECONDS)).isEqualTo(info(2));
    }

    @Test
    void keepsTheFirstOfferForAnIdAndBoundsTheRest() {
        assertThat(offers.offer(info(1))).isEqualTo(Outcome.HELD);
        assertThat(offers.offer(info(1))).isEqualTo(Outcome.DUPLICATE);
        assertThat(offers.offer(info(2))).isEqualTo(Outcome.HELD);
        assertThat(offers.offer(info(3))).isEqualTo(Outcome.HELD);
        assertThat(offers.offer(info(4))).isEqualTo(Outcome.FULL);
        assertThat(offers.heldCount()).isEqualTo(3);
    }

    @Test
    void expiresUnclaimedOffersAfterTheTtl() throws Exception {
        offers.offer(info(1));
        now.addAndGet(TTL / 2);
        offers.offer(info(2));
        now.addAndGet(TTL / 2);
        assertThat(offers.heldCount()).isEqualTo(1);
        assertThat(offers.claim(1, 0)).isNull();
        assertThat(offers.claim(2, 0)).isEqualTo(info(2));
    }

    @Test
    void refusesASecondWaitingClaimForTheSameId() throws Exception {
        CompletableFuture.runAsync(() -> claim(5, TimeUnit.SECONDS.toNanos(5)));
        await().until(() -> offers.waitingCount() == 1);
        assertThatThrownBy(() -> offers.claim(5, 0)).isInstanceOf(PendingOffers.BusyException.class);
        offers.close();
    }

    @Test
    void closeFailsWaitingClaimsAndLaterOnes() throws Exception {
        offers.offer(info(1));
        CompletableFuture<ConnInfo> waiting = CompletableFuture.supplyAsync(() -> claim(9, TimeUnit.SECONDS.toNanos(5)));
        await().until(() -> offers.waitingCount() == 1);
        offers.close();
        assertThatThrownBy(waiting::join).isInstanceOf(CompletionException.class)
                .hasRootCauseInstanceOf(PendingOffers.ClosedException.class);
        assertThatThrownBy(() -> offers.claim(1, 0)).isInstanceOf(PendingOffers.ClosedException.class);
        assertThat(offers.offer(info(2))).isEqualTo(Outcome.CLOSED);
    }

    private ConnInfo claim(int id, long timeout) {
        try {
            return offers.claim(id, timeout);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static ConnInfo info(int id) {
        return ConnInfo.newBuilder().setServiceId(id).setNetwork("unix").setAddress("/tmp/" + id).build();
    }
}
