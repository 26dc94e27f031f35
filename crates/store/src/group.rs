//! Group commit: writers that arrive while a batch is being committed wait
//! together and go into the next batch, written in one transaction and
//! acknowledged after its one commit. A commit waits for the disk (SQLite's
//! `synchronous = FULL`, PostgreSQL's fsync) and holds the audit chain's
//! lock while it does, so one commit for many writes is what lets durable
//! writers outpace the disk's syncs; nothing is acknowledged before it is
//! durable and the chain stays one line in commit order.
//!
//! The first waiter to take the leader's lock drains the queue and commits
//! everything in it (its own job and any queued behind the previous batch);
//! the batch runs in a task of its own, so a caller that goes away (a client
//! hanging up) does not abandon the others' writes half-way. A caller that
//! goes away while still queued is taken out of the queue.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

use crate::{StoreError, StoreResult};

struct Queued<J, R> {
    seq: u64,
    job: J,
    reply: oneshot::Sender<StoreResult<R>>,
}

struct Queue<J, R> {
    next_seq: u64,
    jobs: Vec<Queued<J, R>>,
}

/// Jobs of type `J` answered with `R`, committed in groups.
pub(crate) struct Group<J, R> {
    queue: Mutex<Queue<J, R>>,
    leader: Arc<tokio::sync::Mutex<()>>,
    /// Batches written since start (for benchmarks).
    batches: AtomicU64,
    /// Jobs in those batches.
    jobs: AtomicU64,
}

impl<J, R> std::fmt::Debug for Group<J, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Group")
    }
}

impl<J, R> Default for Group<J, R> {
    fn default() -> Self {
        Group {
            queue: Mutex::new(Queue {
                next_seq: 0,
                jobs: Vec::new(),
            }),
            leader: Arc::new(tokio::sync::Mutex::new(())),
            batches: AtomicU64::new(0),
            jobs: AtomicU64::new(0),
        }
    }
}

/// Takes a queued job back out if its caller goes away before a leader took it.
struct Withdraw<'g, J, R> {
    group: &'g Group<J, R>,
    seq: u64,
    armed: bool,
}

impl<J, R> Drop for Withdraw<'_, J, R> {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        if let Ok(mut q) = self.group.queue.lock() {
            q.jobs.retain(|j| j.seq != self.seq);
        }
    }
}

impl<J: Send + 'static, R: Send + 'static> Group<J, R> {
    /// Queue `job` and wait for its answer. `run` writes a batch (the
    /// leader's `run` serves everyone in it) and answers each job, in order.
    pub(crate) async fn submit<F, Fut>(&self, job: J, run: F) -> StoreResult<R>
    where
        F: FnOnce(Vec<J>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<StoreResult<R>>> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let seq = {
            let mut q = self.lock_queue()?;
            q.next_seq += 1;
            let seq = q.next_seq;
            q.jobs.push(Queued { seq, job, reply });
            seq
        };
        let mut withdraw = Withdraw {
            group: self,
            seq,
            armed: true,
        };
        let leader = self.leader.clone().lock_owned().await;
        let batch = std::mem::take(&mut self.lock_queue()?.jobs);
        // Our job is in this batch or was in an earlier one: nothing to withdraw.
        withdraw.armed = false;
        if batch.is_empty() {
            drop(leader);
        } else {
            self.batches.fetch_add(1, Ordering::Relaxed);
            self.jobs.fetch_add(batch.len() as u64, Ordering::Relaxed);
            let task = tokio::spawn(async move {
                let (jobs, replies): (Vec<J>, Vec<_>) =
                    batch.into_iter().map(|q| (q.job, q.reply)).unzip();
                let answers = run(jobs).await;
                for (reply, answer) in replies.into_iter().zip(answers) {
                    let _ = reply.send(answer);
                }
                drop(leader);
            });
            // A panic in `run` drops the replies: answered below as an error.
            let _ = task.await;
        }
        answer.await.unwrap_or_else(|_| {
            Err(StoreError::Other(
                "写入未完成（处理中断），请重试".to_string(),
            ))
        })
    }

    /// Batches written and jobs in them since start.
    pub(crate) fn counts(&self) -> (u64, u64) {
        (
            self.batches.load(Ordering::Relaxed),
            self.jobs.load(Ordering::Relaxed),
        )
    }

    fn lock_queue(&self) -> StoreResult<std::sync::MutexGuard<'_, Queue<J, R>>> {
        self.queue
            .lock()
            .map_err(|_| StoreError::Other("写入队列不可用".to_string()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Concurrent submitters are answered each with their own job's result,
    /// in fewer batches than jobs once they queue behind a slow batch.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_jobs_share_batches_and_get_their_own_answers() {
        let group: Arc<Group<u32, u32>> = Arc::new(Group::default());
        let batches = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for i in 0..64u32 {
            let (group, batches) = (group.clone(), batches.clone());
            tasks.push(tokio::spawn(async move {
                group
                    .submit(i, move |jobs| async move {
                        batches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                        jobs.into_iter()
                            .map(|j| {
                                if j == 13 {
                                    Err(StoreError::Other("13".into()))
                                } else {
                                    Ok(j * 2)
                                }
                            })
                            .collect()
                    })
                    .await
            }));
        }
        for (i, t) in tasks.into_iter().enumerate() {
            let got = t.await.unwrap();
            if i == 13 {
                assert!(got.is_err());
            } else {
                assert_eq!(got.unwrap(), i as u32 * 2);
            }
        }
        let n = batches.load(Ordering::SeqCst);
        assert!(n < 64, "every job had its own batch ({n})");
    }

    /// A caller that goes away while queued is not written later.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_withdrawn_job_is_not_run() {
        let group: Arc<Group<u32, u32>> = Arc::new(Group::default());
        let seen = Arc::new(Mutex::new(Vec::new()));
        // A slow first batch holds the leader's lock.
        let (g, s) = (group.clone(), seen.clone());
        let first = tokio::spawn(async move {
            g.submit(1, move |jobs| async move {
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                s.lock().unwrap().extend(jobs.iter().copied());
                jobs.into_iter().map(Ok).collect()
            })
            .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let (g, s) = (group.clone(), seen.clone());
        let second = tokio::spawn(async move {
            g.submit(2, move |jobs| async move {
                s.lock().unwrap().extend(jobs.iter().copied());
                jobs.into_iter().map(Ok).collect()
            })
            .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        second.abort();
        assert_eq!(first.await.unwrap().unwrap(), 1);
        let (g, s) = (group.clone(), seen.clone());
        g.submit(3, move |jobs| async move {
            s.lock().unwrap().extend(jobs.iter().copied());
            jobs.into_iter().map(Ok).collect()
        })
        .await
        .unwrap();
        assert_eq!(*seen.lock().unwrap(), vec![1, 3]);
    }
}
