import { IngestorMembersRepository } from '#persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SourceLock } from './source.lock.js';

/**
 * The ingestor processes sharing one database (`ingestor_members`). Each beats on its source-lock session;
 * a member whose session is gone (killed, connection lost) or that stopped beating (frozen) is struck off
 * by the next member to beat, and a frozen one's session is terminated: its source locks go with it, so
 * the others take its sources over, and its polls abort when it wakes (SourceLock's lost-lock signal).
 */
@Injectable()
export class IngestorMembership {
  readonly id = randomUUID();

  constructor(
    private readonly locks: SourceLock,
    private readonly members: IngestorMembersRepository,
  ) {}

  /**
   * Beats, strikes off members silent for `staleAfterMs` or gone, and returns the members' ids in the
   * order they joined (a member struck off joins again, last, at its next beat).
   */
  beat(staleAfterMs: number): Promise<string[]> {
    return this.locks.session((session) => this.members.beat(session, this.id, staleAfterMs));
  }

  /** Leaves at shutdown, so that the others take this process's share at their next beat. */
  async leave(): Promise<void> {
    await this.locks.session((session) => this.members.leave(session, this.id));
  }
}
