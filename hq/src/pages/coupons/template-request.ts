import type { CouponTemplate, CouponTemplateRequest } from '@tongka/shared-types';
import type { Dayjs } from 'dayjs';
import { chainInstant } from '../../format';

export interface FormValues {
  name: string;
  type: CouponTemplate['type'];
  thresholdYuan: number | null;
  valueYuan: number | null;
  /** 折 as the operator says it: 8.5 means 15 % off. */
  fold: number | null;
  maxDiscountYuan: number | null;
  validity: 'fixed' | 'relative';
  validRange: [Dayjs, Dayjs] | null;
  validDays: number | null;
  storeIds: string[];
  stock: number | null;
  perMemberLimit: number | null;
  fundedBy: string;
  claimable: boolean;
  stackable: boolean;
}

export const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  thresholdFen: '使用门槛',
  valueFen: '金额',
  percentOff: '折扣',
  maxDiscountFen: '最多优惠',
  validUntil: '有效期',
  validDays: '有效天数',
  stock: '总库存',
  perMemberLimit: '每人限领',
};

const fen = (value: number | null) => (value === null || value === undefined ? undefined : Math.round(value * 100));
const orUndefined = (value: number | null) => (value === null || value === undefined ? undefined : value);

/** The request body from the form: yuan to fen, 折 to percent off, chain days to instants. */
export function toRequest(values: FormValues): CouponTemplateRequest {
  const fixed = values.validity === 'fixed' && values.validRange;
  return {
    name: values.name,
    type: values.type,
    thresholdFen: fen(values.thresholdYuan) ?? 0,
    valueFen: values.type === 'PERCENT_OFF' ? undefined : fen(values.valueYuan),
    percentOff: values.type === 'PERCENT_OFF' && values.fold ? Math.round(100 - values.fold * 10) : undefined,
    maxDiscountFen: values.type === 'PERCENT_OFF' ? fen(values.maxDiscountYuan) : undefined,
    validFrom: fixed ? chainInstant(values.validRange![0].format('YYYY-MM-DD'), '00:00:00') : undefined,
    validUntil: fixed ? chainInstant(values.validRange![1].format('YYYY-MM-DD'), '23:59:59') : undefined,
    validDays: values.validity === 'relative' ? orUndefined(values.validDays) : undefined,
    storeIds: values.storeIds.length ? values.storeIds : undefined,
    stock: orUndefined(values.stock),
    perMemberLimit: orUndefined(values.perMemberLimit),
    claimable: values.claimable,
    stackable: values.stackable,
    fundedBy: values.fundedBy,
  };
}
