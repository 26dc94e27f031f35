//! Group commit: writers that arrive while a batch is being committed wait
//! together and go into the next batch, written in one transaction and
//! acknowledged after its one commit. A commit waits for the disk (SQLite's
//! `synchronous = FULL`, PostgreSQL's fsync) and holds the audit chain's
//! lock while it does, so one commit for many writes is what lets durable
//! writers outpace the disk's syncs; nothing is acknowledged before it is
//! durable and the chain stays one line in commit order.
//!
//! The first waiter to take the leader's lock whose job is still queued
//! drains the queue and commits everything in it (its own job and any queued
//! behind the previous batch). A waiter whose job a batch took is answered
//! when that batch commits, not after its turn at the lock behind later
//! batches: with 16 writers that turn was seven batches long, and a batch
//! held 1.8 writes (BENCHMARKS.md). The batch runs in a task of its own, so
//! a caller that goes away (a client hanging up) does not abandon the
//! others' writes half-way. A caller that goes away while still queued is
//! taken out of the queue.

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

/// A job's answer, or an error when its batch ended without answering it.
fn answered<R>(got: Result<StoreResult<R>, oneshot::error::RecvError>) -> StoreResult<R> {
    got.unwrap_or_else(|_| {
        Err(StoreError::Other(
            "写入未完成（处理中断），请重试".to_string(),
        ))
    })
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
        let (reply, mut answer) = oneshot::channel();
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
        // Answered as soon as the batch that took our job is committed: a
        // job already written does not wait its turn at the leader's lock
        // behind batches it is not in, nor lead one of them.
        let leader = tokio::select! {
            biased;
            got = &mut answer => {
                withdraw.armed = false;
                return answered(got);
            }
            leader = self.leader.clone().lock_owned() => leader,
        };
        let batch = {
            let mut q = self.lock_queue()?;
            if q.jobs.iter().any(|j| j.seq == seq) {
                std::mem::take(&mut q.jobs)
            } else {
                Vec::new()
            }
        };
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
        answered(answer.await)
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

    /// Polls `done` until it holds (at most 5 s).
    async fn wait_until(done: impl Fn() -> bool) {
        for _ in 0..5000 {
            if done() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        panic!("never happened");
    }

    /// A job a batch took is answered when that batch commits, while the
    /// next batch, of a job queued after it, is still being written.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_written_job_is_answered_without_waiting_for_the_next_batch() {
        let group: Arc<Group<u32, u32>> = Arc::new(Group::default());
        // Each batch is committed when the test lets one through.
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        let batches = Arc::new(Mutex::new(Vec::<Vec<u32>>::new()));
        let submit = |i: u32| {
            let (g, gate, batches) = (group.clone(), gate.clone(), batches.clone());
            tokio::spawn(async move {
                g.submit(i, move |jobs| async move {
                    batches.lock().unwrap().push(jobs.clone());
                    gate.acquire().await.unwrap().forget();
                    jobs.into_iter().map(Ok).collect()
                })
                .await
            })
        };
        let queued = |n: usize| {
            let group = group.clone();
            move || group.queue.lock().unwrap().jobs.len() == n
        };
        let begun = |n: usize| {
            let batches = batches.clone();
            move || batches.lock().unwrap().len() == n
        };
        let first = submit(1);
        wait_until(begun(1)).await;
        let second = submit(2);
        wait_until(queued(1)).await;
        let third = submit(3);
        wait_until(queued(2)).await;
        gate.add_permits(1);
        assert_eq!(first.await.unwrap().unwrap(), 1);
        wait_until(begun(2)).await;
        assert_eq!(batches.lock().unwrap()[1], vec![2, 3]);
        // The third waits at the leader's lock behind the second's batch,
        // ahead of the fourth.
        let fourth = submit(4);
        wait_until(queued(1)).await;
        gate.add_permits(1);
        assert_eq!(second.await.unwrap().unwrap(), 2);
        let third = tokio::time::timeout(std::time::Duration::from_secs(5), third)
            .await
            .expect("the third job waited for the fourth's batch");
        assert_eq!(third.unwrap().unwrap(), 3);
        wait_until(begun(3)).await;
        assert_eq!(batches.lock().unwrap()[2], vec![4]);
        gate.add_permits(1);
        assert_eq!(fourth.await.unwrap().unwrap(), 4);
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
