using Npgsql;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// The due-queue claim P3 times: given a connection on the seeded database, claim up to
/// <paramref name="batchSize"/> due accounts (the engine's FOR UPDATE SKIP LOCKED statement)
/// and return how many it claimed. Pluggable because the engine's SQL is not written yet: the
/// engine's author hands theirs to <see cref="P3Claim"/> in <see cref="ScenarioRegistry"/>; the harness seeds and times.
/// </summary>
public delegate Task<int> ClaimQuery(NpgsqlConnection connection, int batchSize, CancellationToken cancellationToken);
