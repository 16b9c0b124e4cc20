//! Why a failed workload failed, as a real cluster says it: a condition reason and a
//! message with the numbers, ranks, paths and tags that vary from one failure to the
//! next. The kind of failure follows the workload: multi-node training times out in
//! NCCL, mostly in one node pool (its network is the bad one); one image's newest tag
//! fails to pull; the rest run out of GPU memory, are OOM-killed or miss their data.
//! Drawn from the workload's index, so a workload always fails the same way.

use crate::{
    generate::{GpuAsk, SimWorkload},
    rng::Rng,
};

/// The node pool whose network drops collectives.
pub const FLAKY_POOL: &str = "a100-40gb";
/// The image tag that fails to pull, now and then (a registry mirror that lags).
pub const LAGGING_IMAGE: &str = "nvcr.io/nvidia/pytorch:25.01-py3";

/// The condition reason and message of `w`'s failure.
pub fn failure(w: &SimWorkload) -> (&'static str, String) {
    let mut rng = Rng::derive(w.index ^ 0xFA11, 0);
    let roll = rng.next_u64() % 100;
    let pick = |rng: &mut Rng, n: u64| rng.next_u64() % n;
    let pod = format!(
        "{}-{:06x}-{}",
        w.name,
        pick(&mut rng, 0xFF_FFFF),
        pick(&mut rng, 4)
    );
    let multi_node = w.pods > 1 && w.kind.category == "Train";
    if multi_node && (w.nodepool == FLAKY_POOL || roll < 10) {
        let rank = pick(&mut rng, u64::from(w.pods.max(1) as u32) * 8);
        let seq = 1 + pick(&mut rng, 40_000);
        let ran = 600_000 + pick(&mut rng, 900);
        return (
            "Error",
            format!(
                "[Rank {rank}] Watchdog caught collective operation timeout: \
                 WorkNCCL(SeqNum={seq}, OpType=ALLREDUCE, NumelIn={}, Timeout(ms)=600000) \
                 ran for {ran} milliseconds before timing out.",
                1 << (10 + pick(&mut rng, 12))
            ),
        );
    }
    if w.image == LAGGING_IMAGE && roll < 60 {
        return (
            "ImagePullBackOff",
            format!("Back-off pulling image \"{}\"", w.image),
        );
    }
    match roll % 4 {
        0 | 1 if !matches!(w.gpu, GpuAsk::None) => {
            let tried = [256.0, 512.0, 1024.0, 2048.0, 4096.0][pick(&mut rng, 5) as usize];
            let used = 60.0 + pick(&mut rng, 1900) as f64 / 100.0;
            (
                "Error",
                format!(
                    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate {:.2} MiB \
                     (GPU {}; 79.15 GiB total capacity; {used:.2} GiB already allocated)",
                    tried,
                    pick(&mut rng, 8)
                ),
            )
        }
        2 => (
            "OOMKilled",
            format!("Container main in pod {pod} was OOMKilled (exit code 137)"),
        ),
        _ => (
            "Error",
            format!(
                "FileNotFoundError: [Errno 2] No such file or directory: \
                 '/data/{}/shard-{:05}.parquet'",
                w.name,
                pick(&mut rng, 50_000)
            ),
        ),
    }
}
