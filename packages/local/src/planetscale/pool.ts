// A small pool of MySQL connections, each opened with the MySQL 8 session settings. Kept here
// rather than mysql2's pool so a connection can be pinned to a transaction, handed back, or
// thrown away (after a kill or a session-level SET) explicitly.
import type { Connection } from "mysql2";

export class ConnectionPool {
  #idle: Connection[] = [];
  #waiting: { resolve: (connection: Connection) => void; reject: (error: unknown) => void }[] = [];
  #broken = new WeakSet<Connection>();
  #all = new Set<Connection>();
  #opening = 0;
  #closed = false;

  constructor(
    private readonly open: () => Promise<Connection>,
    private readonly limit: number,
  ) {}

  async acquire(): Promise<Connection> {
    if (this.#closed) throw new Error("The simulator is closed");
    for (;;) {
      const connection = this.#idle.pop();
      if (!connection) break;
      if (!this.#broken.has(connection)) return connection;
      this.#forget(connection);
    }
    if (this.#all.size + this.#opening < this.limit) return this.#create();
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  /** Gives a healthy connection back for the next statement. */
  release(connection: Connection): void {
    if (this.#broken.has(connection) || this.#closed) {
      this.discard(connection);
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(connection);
    else this.#idle.push(connection);
  }

  /** Closes a connection whose state must not reach another session, and makes room for a new one. */
  discard(connection: Connection): void {
    const known = this.#all.has(connection);
    this.#forget(connection);
    connection.destroy();
    if (!known) return;
    const waiter = this.#waiting.shift();
    if (waiter) this.#create().then(waiter.resolve, waiter.reject);
  }

  isBroken(connection: Connection): boolean {
    return this.#broken.has(connection);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error("The simulator is closed"));
    const connections = [...this.#all];
    this.#all.clear();
    this.#idle = [];
    await Promise.all(connections.map((connection) => new Promise<void>((resolve) => connection.end(() => resolve()))));
  }

  async #create(): Promise<Connection> {
    this.#opening++;
    try {
      const connection = await this.open();
      connection.on("error", () => this.#broken.add(connection));
      connection.on("end", () => this.#broken.add(connection));
      if (this.#closed) {
        connection.destroy();
        throw new Error("The simulator is closed");
      }
      this.#all.add(connection);
      return connection;
    } finally {
      this.#opening--;
    }
  }

  #forget(connection: Connection): void {
    this.#all.delete(connection);
    const index = this.#idle.indexOf(connection);
    if (index !== -1) this.#idle.splice(index, 1);
  }
}
