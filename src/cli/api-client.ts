/** A minimal client of Rectify's own public HTTP API (fetch), for the demo seeder. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private token?: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async login(username: string, password: string): Promise<ApiClient> {
    const res = await this.call<{ accessToken: string }>('POST', '/auth/login', { username, password });
    return this.as(res.accessToken);
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  async upload<T>(path: string, field: string, bytes: Uint8Array, filename: string, type: string): Promise<T> {
    const form = new FormData();
    form.append(field, new Blob([Buffer.from(bytes)], { type }), filename);
    return this.send<T>('POST', path, form);
  }

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(
      method,
      path,
      body === undefined ? undefined : JSON.stringify(body),
      body === undefined ? {} : { 'content-type': 'application/json' },
    );
  }

  /**
   * One call; a 503 (the database busy or its connection lost: nothing was written) or a refused
   * connection is tried again after Retry-After, up to SEND_ATTEMPTS times, so a passing hiccup of
   * the server does not end the whole seeding.
   */
  private async send<T>(method: string, path: string, body?: string | FormData, headers: Record<string, string> = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.baseUrl}/api/v1${path}`, {
          method,
          body,
          headers: { ...headers, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        });
      } catch (err) {
        if (attempt >= SEND_ATTEMPTS) throw err;
        await pause(RETRY_DELAY_MS * attempt);
        continue;
      }
      const text = await res.text();
      if (res.status === 503 && attempt < SEND_ATTEMPTS) {
        const after = Number(res.headers.get('retry-after'));
        await pause(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 10_000) : RETRY_DELAY_MS * attempt);
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 500)}`);
      return (text ? JSON.parse(text) : undefined) as T;
    }
  }
}

const SEND_ATTEMPTS = 5;
const RETRY_DELAY_MS = 500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
