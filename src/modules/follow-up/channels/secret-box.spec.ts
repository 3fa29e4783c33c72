import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { maskUrl, openSecret, parseSecretsKey, sealSecret } from './secret-box.js';
import { dingtalkSign, robotUrl } from './webhook.channel.js';
import { emailParts, officeRobotText } from './message-templates.js';

describe('robot secrets at rest', () => {
  const key = randomBytes(32);
  const unit = '6f1c1a52-0000-4000-8000-000000000001';

  it('seals with AES-256-GCM: the plaintext is not in the stored bytes, opens with the same key and unit only', () => {
    const sealed = sealSecret(key, 'SECsecret-value-123', unit);
    expect(sealed.toString('latin1')).not.toContain('SECsecret');
    expect(openSecret(key, sealed, unit)).toBe('SECsecret-value-123');
    expect(sealSecret(key, 'SECsecret-value-123', unit).equals(sealed)).toBe(false); // fresh IV each time
    expect(() => openSecret(randomBytes(32), sealed, unit)).toThrow(/cannot be decrypted/);
    expect(() => openSecret(key, sealed, '6f1c1a52-0000-4000-8000-000000000002')).toThrow(/cannot be decrypted/);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => openSecret(key, tampered, unit)).toThrow(/cannot be decrypted/);
  });

  it('reads SECRETS_KEY as 32 bytes of hex or base64 and nothing else', () => {
    expect(parseSecretsKey(key.toString('hex'))?.equals(key)).toBe(true);
    expect(parseSecretsKey(key.toString('base64'))?.equals(key)).toBe(true);
    expect(parseSecretsKey(key.toString('base64url'))?.equals(key)).toBe(true);
    expect(parseSecretsKey(randomBytes(16).toString('hex'))).toBeNull();
    expect(parseSecretsKey('password')).toBeNull();
  });

  it('masks tokens in a robot URL', () => {
    expect(maskUrl('https://oapi.dingtalk.com/robot/send?access_token=abcdef123456')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abcd****',
    );
    expect(maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).not.toContain('7xxx');
  });
});

describe('robot and e-mail messages', () => {
  it('signs a DingTalk URL: timestamp and URL-encoded base64 HMAC of "timestamp\\nsecret"', () => {
    const url = robotUrl({ url: 'https://oapi.dingtalk.com/robot/send?access_token=t', style: 'dingtalk', secret: 'SEC1' }, 1700000000000);
    const u = new URL(url);
    expect(u.searchParams.get('access_token')).toBe('t');
    expect(u.searchParams.get('timestamp')).toBe('1700000000000');
    expect(u.searchParams.get('sign')).toBe(dingtalkSign('SEC1', 1700000000000));
    expect(url).not.toMatch(/sign=[^&]*[+/=]/); // encoded
    expect(robotUrl({ url: 'https://x/y?key=k', style: 'wecom', secret: null }, 1)).toBe('https://x/y?key=k');
  });

  it('e-mail HTML escapes every character of data', () => {
    const p = emailParts({ title: '【整改提醒】<b>', body: '1. 【甲单位】<script>alert("x")</script> & 台账' });
    expect(p.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 台账');
    expect(p.html).not.toContain('<script>');
    expect(p.html).toContain('&lt;b&gt;');
    expect(p.text).toContain('<script>'); // the plain-text part is plain text
  });

  it('the office robot text names no item and no unit', () => {
    const line = {
      itemId: 'x',
      title: '秘密事项',
      unitName: '甲单位',
      deadline: '2026-06-01',
      offsetDays: -7,
      remainingDays: -9,
      workingDays: false,
      noticeNumber: '督办〔2026〕1号',
    };
    const t = officeRobotText([
      { ...line, kind: 'escalation', level: 2, interviewRecommended: false },
      { ...line, kind: 'reminder', level: null, offsetDays: 3, noticeNumber: null, interviewRecommended: false },
    ]);
    expect(`${t.title}${t.body}`).not.toMatch(/秘密事项|甲单位|督办〔/);
    expect(t.body).toContain('逾期第2级督办（其中下发督办单1份）：1项');
    expect(t.body).toContain('临期提醒：1项');
  });
});
