package io.ilios.internal.worker;

import java.util.concurrent.locks.LockSupport;

/**
 * A one-slot mailbox from one producer thread to one consumer thread: a volatile write and an
 * unpark to send, a park loop to receive. This is how the dispatcher hands a job to a worker; it
 * costs one thread wake-up and no lock.
 *
 * @param <T> what is handed over
 */
public final class Handoff<T> {
  private volatile T item;
  private volatile Thread receiver;
  private volatile boolean closed;

  /** Makes the calling thread the receiver. Call before anyone may {@link #put}. */
  public void bindReceiver() {
    receiver = Thread.currentThread();
  }

  /** Hands {@code value} over; the slot must be empty. */
  public void put(T value) {
    item = value;
    LockSupport.unpark(receiver);
  }

  /**
   * Waits for the next item; returns null once {@link #close()} was called and the slot is empty.
   */
  public T take() {
    T value;
    while ((value = item) == null) {
      if (closed) {
        return null;
      }
      LockSupport.park(this);
    }
    item = null;
    return value;
  }

  /** Wakes the receiver so that {@link #take()} returns null when nothing is left. */
  public void close() {
    closed = true;
    Thread t = receiver;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** The receiving thread, once bound. */
  public Thread receiver() {
    return receiver;
  }
}
