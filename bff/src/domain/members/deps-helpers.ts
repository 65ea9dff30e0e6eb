import type { AppDeps } from '../../deps';
import type { MiniProgramClient } from '../../wechat';
import { AppError } from '../shared/app-error';
import { DataCrypto } from '../shared/data-crypto';

/** deps.dataCrypto, or one built from DATA_KEY (deps built by hand in scripts may lack it). */
export function dataCryptoOf(deps: Pick<AppDeps, 'dataCrypto' | 'config'>): DataCrypto {
  return deps.dataCrypto ?? new DataCrypto(deps.config.DATA_KEY);
}

export function miniProgramOf(deps: Pick<AppDeps, 'miniProgram'>): MiniProgramClient {
  if (!deps.miniProgram) throw new AppError('SERVICE_UNAVAILABLE', 'WeChat is not configured on this server.');
  return deps.miniProgram;
}
