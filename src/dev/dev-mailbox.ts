import { Inject, Injectable } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { StoredEmail } from '../notifications/mail.gateway';

/** Names the mail gateway gives the files it writes: a timestamp, the template and an id. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * The emails the mail gateway wrote to MAIL_DIR (development without SMTP_URL), read back for the
 * development mailbox. Files, not memory, so an API process lists what a worker process sent.
 */
@Injectable()
export class DevMailbox {
  private readonly directory: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.directory = resolve(config.mail.dir);
  }

  /** Newest first. */
  async list(): Promise<StoredEmail[]> {
    let names: string[];
    try {
      names = (await readdir(this.directory)).filter((name) => name.endsWith('.json'));
    } catch {
      return [];
    }
    const emails = await Promise.all(names.map((name) => this.find(name.slice(0, -'.json'.length))));
    return emails.filter((email): email is StoredEmail => email !== undefined).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  }

  async find(id: string): Promise<StoredEmail | undefined> {
    if (!SAFE_ID.test(id)) return undefined;
    try {
      return JSON.parse(await readFile(resolve(this.directory, `${id}.json`), 'utf8')) as StoredEmail;
    } catch {
      return undefined;
    }
  }
}
