// What an audit row says, and what a page of them is asked for by.
export interface AuditEntry {
  id: string;
  operatorId: string;
  operatorEmail: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  ip: string;
  createdAt: Date;
}

/** Filters of a page, newest first: ids are time-ordered, so a date range is an id range. */
export interface AuditQuery {
  operatorId?: string;
  action?: string;
  targetId?: string;
  fromId?: string;
  beforeId?: string;
  limit: number;
}
