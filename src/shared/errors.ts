/**
 * Every error code Linli answers with, declared once with its status and its message in each language.
 * The server throws `AppError(code)`; the web shows `message` as it arrives.
 */
export const ERRORS = {
  'request.invalid': {
    status: 400,
    zh: '提交的内容有误：{detail}',
    en: 'The request is not valid: {detail}',
  },
  'request.malformed_json': {
    status: 400,
    zh: '提交的内容不是有效的 JSON。',
    en: 'The request body is not valid JSON.',
  },
  'request.too_large': { status: 413, zh: '提交的内容太大。', en: 'The request body is too large.' },
  'request.unsupported_media_type': {
    status: 415,
    zh: '不支持这种内容类型。',
    en: 'This content type is not supported.',
  },
  'request.uri_too_long': {
    status: 414,
    zh: '地址太长了。',
    en: 'The address is too long.',
  },
  'request.idempotency_mismatch': {
    status: 422,
    zh: '这个 Idempotency-Key 已经用于另一份不同的内容。',
    en: 'This Idempotency-Key was already used with a different request body.',
  },
  'route.not_found': { status: 404, zh: '没有这个地址。', en: 'There is no such address.' },
  'route.method_not_allowed': {
    status: 405,
    zh: '不支持这种请求方式。',
    en: 'This method is not allowed here.',
  },
  'auth.invalid_credentials': {
    status: 401,
    zh: '用户名或密码不对，请再试一次。',
    en: 'The username or password is wrong. Please try again.',
  },
  'auth.account_locked': {
    status: 429,
    zh: '密码错误次数太多，账号已暂时锁定，请 {minutes} 分钟后再试。',
    en: 'Too many wrong passwords: the account is locked. Please try again in {minutes} minutes.',
  },
  'auth.too_many_attempts': {
    status: 429,
    zh: '这台设备登录尝试太多，请 {minutes} 分钟后再试。',
    en: 'Too many sign-in attempts from this device. Please try again in {minutes} minutes.',
  },
  'auth.not_signed_in': { status: 401, zh: '请先登录。', en: 'Please sign in first.' },
  'auth.csrf_invalid': {
    status: 403,
    zh: '页面已过期，请刷新后再试。',
    en: 'This page has expired. Please reload it and try again.',
  },
  'auth.forbidden': { status: 403, zh: '您的岗位不能做这件事。', en: 'Your role cannot do this.' },
  'registry.household_not_found': { status: 404, zh: '找不到这户。', en: 'Household not found.' },
  'registry.resident_not_found': { status: 404, zh: '找不到这位居民。', en: 'Resident not found.' },
  'register.building_not_found': { status: 404, zh: '找不到这栋楼。', en: 'Building not found.' },
  'register.entrance_not_found': { status: 404, zh: '找不到这个单元。', en: 'Entrance not found.' },
  'register.household_exists': {
    status: 409,
    zh: '这个门牌已经登记了一户。',
    en: 'A household is already registered at this address.',
  },
  'register.id_number_taken': {
    status: 409,
    zh: '这个身份证号已经登记在另一位居民名下。',
    en: 'This ID number is already registered to another resident.',
  },
  'register.birth_mismatch': {
    status: 400,
    zh: '出生日期和身份证号里的不一致。',
    en: 'The birth date does not match the ID number.',
  },
  'liaison.position_not_found': { status: 404, zh: '找不到这个岗位。', en: 'Position not found.' },
  'liaison.wrong_tier': {
    status: 400,
    zh: '上级岗位必须正好高一级（党委→支部→党小组→党员→楼门长）。',
    en: 'The upper position must be exactly one tier up (committee → branch → group → party member → building leader).',
  },
  'liaison.not_building_leader': {
    status: 400,
    zh: '住户只能分给在岗的楼门长。',
    en: 'Households can only be assigned to a serving building leader.',
  },
  'care.plan_not_found': { status: 404, zh: '找不到这份关爱计划。', en: 'Care plan not found.' },
  'care.plan_exists': {
    status: 409,
    zh: '这位居民已经有一份在用的关爱计划。',
    en: 'This resident already has a care plan in force.',
  },
  'care.plan_ended': { status: 409, zh: '这份关爱计划已经结束。', en: 'This care plan has ended.' },
  'care.position_not_found': {
    status: 400,
    zh: '找不到这个在岗的联系人岗位。',
    en: 'There is no such serving position in this community.',
  },
  'care.no_checkin': {
    status: 409,
    zh: '这位居民没有约定每日报平安。',
    en: 'This resident has no daily check-in.',
  },
  'care.way_not_allowed': {
    status: 400,
    zh: '计划里没有约定这种报平安方式。',
    en: 'This way of checking in is not agreed in the plan.',
  },
  'care.checkin_not_found': { status: 404, zh: '找不到这次报平安。', en: 'Check-in not found.' },
  'care.visit_in_future': {
    status: 400,
    zh: '探访时间不能晚于现在。',
    en: 'A visit cannot be in the future.',
  },
  'care.followup_not_found': { status: 404, zh: '找不到这条后续事项。', en: 'Follow-up not found.' },
  'care.followup_reported': {
    status: 409,
    zh: '这条后续事项已经转成诉求了。',
    en: 'This follow-up has already become a report.',
  },
  'care.key_not_found': { status: 404, zh: '找不到这把钥匙的登记。', en: 'Key record not found.' },
  'care.key_returned': {
    status: 409,
    zh: '这把钥匙已经归还，不能再登记使用。',
    en: 'This key has been returned; it can no longer be used.',
  },
  'care.consent_witness_required': {
    status: 400,
    zh: '口头同意需要写明见证人。',
    en: 'Verbal consent needs a witness.',
  },
  'care.errand_not_found': { status: 404, zh: '找不到这项代办。', en: 'Errand not found.' },
  'care.errand_ended': { status: 409, zh: '这项代办已经停止。', en: 'This errand has ended.' },
  'care.errand_already_done': {
    status: 409,
    zh: '{dueOn} 这一次已经登记办好了。',
    en: 'The occurrence of {dueOn} is already recorded as done.',
  },
  'care.errand_not_due_then': {
    status: 400,
    zh: '{dueOn} 不是这项代办的日子。',
    en: '{dueOn} is not a day this errand falls due.',
  },
  'care.money_not_found': {
    status: 404,
    zh: '找不到这位居民的代管钱款账目。',
    en: 'No ledger of money handled for this resident.',
  },
  'care.money_entry_not_found': { status: 404, zh: '找不到这笔账。', en: 'Ledger entry not found.' },
  'care.money_correction_same': {
    status: 400,
    zh: '更正后的金额和现在一样，不需要更正。',
    en: 'The corrected amount is the same as the current one; nothing to correct.',
  },
  'care.receipt_not_found': { status: 404, zh: '找不到这张收据照片。', en: 'Receipt photo not found.' },
  'care.family_not_found': { status: 404, zh: '找不到这位家属联系人。', en: 'Family contact not found.' },
  'care.statement_font_missing': {
    status: 503,
    zh: '服务器缺少中文字体（fonts-wqy-microhei），暂时无法生成 PDF，请先打印网页版。',
    en: 'The server lacks the Chinese font (fonts-wqy-microhei), so no PDF can be made; please print the web page.',
  },
  'reports.not_found': { status: 404, zh: '找不到这条诉求。', en: 'Report not found.' },
  'reports.unknown_category': {
    status: 400,
    zh: '没有这个诉求类别。',
    en: 'There is no such report category.',
  },
  'reports.unknown_urgency': { status: 400, zh: '没有这个紧急程度。', en: 'There is no such urgency.' },
  'reports.wrong_state': {
    status: 409,
    zh: '这条诉求现在的状态不能这样处理。',
    en: 'This report cannot be handled this way in its current state.',
  },
  'reports.referral_incomplete': {
    status: 400,
    zh: '转办时请写明转给哪个单位，以及怎样告诉居民去哪里办。',
    en: 'A referral needs the agency and the guidance given to the resident.',
  },
  'reports.reopen_expired': {
    status: 409,
    zh: '办结已超过 7 天，不能再重新打开，请新建一条诉求。',
    en: 'It is more than 7 days since closing; please record a new report.',
  },
  'reports.feedback_not_closed': {
    status: 409,
    zh: '诉求办结（或转办、不属于受理范围）之后才能回答这两个问题。',
    en: 'The two questions can be answered once the report is resolved, referred or found outside our remit.',
  },
  'reports.feedback_given': {
    status: 409,
    zh: '这次办结的回访已经答过了，谢谢！',
    en: 'These questions have already been answered for this closing. Thank you!',
  },
  'reports.feedback_same_tier': {
    status: 403,
    zh: '回访要由另一级的人来记录：这条诉求是您这一级办理的，请其他层级的同志登记回访。',
    en: 'Feedback must be recorded by someone of a different tier than the one that handled this report (yours).',
  },
  'reports.photo_type': {
    status: 415,
    zh: '只能上传 JPEG、PNG 或 WebP 照片。',
    en: 'Only JPEG, PNG or WebP photos can be uploaded.',
  },
  'reports.photo_too_large': {
    status: 413,
    zh: '照片太大了，每张不能超过 {mb} MB。',
    en: 'The photo is too large; each may be at most {mb} MB.',
  },
  'reports.photo_limit': {
    status: 409,
    zh: '每条诉求最多 {max} 张照片。',
    en: 'A report can have at most {max} photos.',
  },
  'reports.photo_missing': {
    status: 400,
    zh: '没有收到照片，请在 file 字段上传。',
    en: 'No photo arrived; please send it in the field `file`.',
  },
  'reports.photo_not_found': { status: 404, zh: '找不到这张照片。', en: 'Photo not found.' },
  'public.rate_limited': {
    status: 429,
    zh: '提交得太频繁了。请在 {time}（北京时间）之后再试，大约 {minutes} 分钟。紧急情况请直接拨打 110、120 或社区电话。',
    en: 'Too many reports in a short time. Please try again after {time} (Beijing time), in about {minutes} minutes. In an emergency call 110, 120 or the community office.',
  },
  'public.unknown_entrance': {
    status: 400,
    zh: '这栋楼没有这个单元号，请核对后再填。',
    en: 'This building has no such entrance number; please check it.',
  },
  'users.username_taken': {
    status: 409,
    zh: '这个用户名已经有人用了。',
    en: 'This username is already taken.',
  },
  'import.unreadable_file': {
    status: 400,
    zh: '这个文件读不出来。请上传 .xlsx 或 .csv 文件（旧的 .xls 请先另存为 .xlsx）。',
    en: 'This file cannot be read. Please upload an .xlsx or .csv file (save an old .xls as .xlsx first).',
  },
  'import.no_header': {
    status: 400,
    zh: '文件里找不到表头。表头要有“姓名”，以及楼号、门牌号、身份证号等列中的至少两列。',
    en: 'No header row was found. It needs 姓名 (name) and at least two more known columns such as 楼号, 门牌号, 身份证号.',
  },
  'import.file_missing': {
    status: 400,
    zh: '没有收到文件，请在 file 字段上传。',
    en: 'No file arrived; please send it in the field `file`.',
  },
  'import.community_required': {
    status: 400,
    zh: '请选择要导入或导出的社区。',
    en: 'Please choose the community to import into or export.',
  },
  'import.community_not_found': { status: 404, zh: '找不到这个社区。', en: 'Community not found.' },
  'rates.community_not_found': { status: 404, zh: '找不到这个社区。', en: 'Community not found.' },
  'open311.api_key_invalid': {
    status: 403,
    zh: 'api_key 无效，不能提交诉求。',
    en: 'Invalid api_key received: cannot create the request.',
  },
  'open311.unknown_service': {
    status: 400,
    zh: '没有这个 service_code。',
    en: 'There is no service with this service_code.',
  },
  'open311.address_required': {
    status: 400,
    zh: '请提供 address_string 或 address_id（楼号、单元，如 3-2 或 3号楼2单元）。',
    en: 'Please give address_string or address_id (building and entrance, such as 3-2).',
  },
  'open311.unknown_address': {
    status: 400,
    zh: '在这个社区找不到这个地址。',
    en: 'This address cannot be found in this community.',
  },
  'open311.invalid_date': {
    status: 400,
    zh: 'start_date 或 end_date 不是有效的 W3C 日期时间。',
    en: 'start_date or end_date is not a valid W3C datetime.',
  },
  'server.internal': {
    status: 500,
    zh: '系统出了点问题，已记录下来，请稍后再试。',
    en: 'Something went wrong on our side. It has been logged; please try again later.',
  },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function errorMessage(code: ErrorCode, lang: Language, params: Record<string, string | number> = {}) {
  const template = lang === 'en' ? ERRORS[code].en : ERRORS[code].zh;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

/** The one shape of every error answer. */
export type TErrorBody = { error: { code: ErrorCode; message: string; field?: string } };
