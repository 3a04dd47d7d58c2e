import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What a checkpoint signs: where the chain stood, and when. */
export interface CheckpointContent {
  seq: number;
  hash: string;
  at: string;
}

export interface Checkpoint extends CheckpointContent {
  /** Which key signed it: the first 16 hex digits of the SHA-256 of its public key. */
  keyId: string;
  signature: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/** A fixed prefix, so a Linli checkpoint signature can never be taken for a signature of something else. */
function signedBytes(content: CheckpointContent): Buffer {
  return Buffer.from(`linli-audit-checkpoint\n${content.seq}\n${content.hash}\n${content.at}`);
}

export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function signCheckpoint(key: SigningKey, content: CheckpointContent): Checkpoint {
  const signature = sign(null, signedBytes(content), key.privateKey).toString('base64');
  return { seq: content.seq, hash: content.hash, at: content.at, keyId: key.keyId, signature };
}

export function checkpointSignatureValid(publicKey: KeyObject, checkpoint: Checkpoint): boolean {
  try {
    return verify(null, signedBytes(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

export class SigningKeyError extends Error {}

/**
 * The Ed25519 key that signs checkpoints, from its file; created there on first start. The file is
 * only the owner's (0600): a key others can read is refused, as ssh refuses such a key, because
 * whoever holds it can sign a rewritten history.
 */
export function loadOrCreateSigningKey(file: string): SigningKey {
  if (!fs.existsSync(file)) createKeyFile(file);
  const mode = fs.statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new SigningKeyError(
      `审计签名密钥 ${file} 别人也能读取（权限 ${mode.toString(8)}），请改为 600 / The audit signing key ${file} can be read by others (mode ${mode.toString(8)}); run: chmod 600 ${file}`,
    );
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`${file}: 不是 Ed25519 私钥 / not an Ed25519 private key`);
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * Written whole under another name and linked into place, so that servers starting together never
 * read half a key, and the first one's key is the one all keep.
 */
function createKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const temporary = `${file}.${process.pid}.new`;
  fs.writeFileSync(temporary, pem, { mode: 0o600 });
  try {
    fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** A public key from a PEM file: the exported public key, or the private key file itself. */
export function readPublicKey(file: string): KeyObject {
  const pem = fs.readFileSync(file, 'utf8');
  return pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** One JSON line per checkpoint; appended, never rewritten, so a copy kept elsewhere only grows. */
export function appendCheckpointFile(file: string, checkpoint: Checkpoint): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o644 });
}

export function readCheckpointFile(file: string): Checkpoint[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = JSON.parse(line) as Partial<Checkpoint>;
      if (
        typeof parsed.seq !== 'number' ||
        typeof parsed.hash !== 'string' ||
        typeof parsed.at !== 'string' ||
        typeof parsed.keyId !== 'string' ||
        typeof parsed.signature !== 'string'
      ) {
        throw new SigningKeyError(`${file}:${index + 1}: 不是检查点 / not a checkpoint`);
      }
      return parsed as Checkpoint;
    });
}
