package dev.threshold.identity.user;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PasswordHistoryRepository implements PanacheRepositoryBase<PasswordHistory, UUID> {

    public Uni<List<String>> latestHashes(UUID userId, int count) {
        if (count <= 0) {
            return Uni.createFrom().item(List.of());
        }
        return find("userId = :user order by createdAt desc", Parameters.with("user", userId))
                .page(Page.ofSize(count)).list()
                .map(entries -> entries.stream().map(entry -> entry.hash).toList());
    }

    /** Keeps the newest {@code keep} entries of a user. */
    public Uni<Integer> trim(UUID userId, int keep) {
        return getSession().chain(session -> session.createNativeQuery("""
                        delete from identity.password_history where user_id = :user and id not in (
                          select id from identity.password_history where user_id = :user order by created_at desc limit :keep)""")
                .setParameter("user", userId).setParameter("keep", Math.max(keep, 0)).executeUpdate());
    }
}
