/**
 * The custom search attributes that make a person findable in the Temporal Web UI. They are stored
 * in plain text and bypass the payload codec, so none of them holds personal data.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const HR_ID = defineSearchAttributeKey('TenureHrId', SearchAttributeType.KEYWORD);
export const HR_SOURCE = defineSearchAttributeKey('TenureHrSource', SearchAttributeType.KEYWORD);
export const STAGE = defineSearchAttributeKey('TenureStage', SearchAttributeType.KEYWORD);
export const NEXT_TRANSITION = defineSearchAttributeKey(
  'TenureNextTransition',
  SearchAttributeType.DATETIME,
);

/** For `temporal server start-dev --search-attribute` and `temporal operator search-attribute create`. */
export const SEARCH_ATTRIBUTE_FLAGS = [
  'TenureHrId=Keyword',
  'TenureHrSource=Keyword',
  'TenureStage=Keyword',
  'TenureNextTransition=Datetime',
];
