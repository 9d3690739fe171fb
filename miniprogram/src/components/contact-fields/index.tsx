/**
 * How we may reach the reporter: anonymous, or a phone number, typed in or (in WeChat) taken from
 * the WeChat account with the getPhoneNumber button. The server only turns the button's code into
 * the number; the number is kept only if the reporter files the case with it.
 */
import { Button, Input, Switch, Text, View } from '@tarojs/components';
import type { ButtonProps } from '@tarojs/components';
import { useState } from 'react';
import { getPhoneFromCode } from '../../api/form-api';
import type { ReportForm } from '../../domain/report-form';
import './index.scss';

type ContactFieldsValue = Pick<ReportForm, 'anonymous' | 'phone'>;

export interface ContactFieldsProps {
  value: ContactFieldsValue;
  onChange: (patch: Partial<ContactFieldsValue>) => void;
  phoneError?: string;
}

export default function ContactFields({ value, onChange, phoneError }: ContactFieldsProps) {
  const [fetching, setFetching] = useState(false);
  const [notice, setNotice] = useState('');
  const canUseWechatPhone = process.env.TARO_ENV === 'weapp';

  async function takeWechatPhone(detail: ButtonProps.onGetPhoneNumberEventDetail) {
    setNotice('');
    // No code: the reporter said no, or the account cannot share a number; typing still works.
    if (!detail.code) {
      setNotice('没有取得微信手机号，您可以直接在上面填写。');
      return;
    }
    setFetching(true);
    try {
      const { phone } = await getPhoneFromCode(detail.code);
      onChange({ phone });
    } catch (error) {
      setNotice(error instanceof Error ? error.message : '没有取得微信手机号，您可以直接在上面填写。');
    } finally {
      setFetching(false);
    }
  }

  return (
    <View className='contact-fields'>
      <View className='contact-fields__row'>
        <Text className='contact-fields__label'>匿名举报</Text>
        <Switch
          id='anonymous'
          checked={value.anonymous}
          onChange={(e) => onChange({ anonymous: e.detail.value })}
        />
      </View>
      {value.anonymous ? (
        <Text className='muted'>匿名举报不留联系方式，办理结果可在“我的举报”中查看。</Text>
      ) : (
        <View>
          <Text className='contact-fields__label'>联系电话（选填，方便我们向您核实情况）</Text>
          <Input
            id='phone'
            className='contact-fields__input'
            type='number'
            value={value.phone}
            placeholder='手机号或带区号的座机号'
            onInput={(e) => onChange({ phone: e.detail.value })}
          />
          {phoneError && <Text className='error-text'>{phoneError}</Text>}
          {canUseWechatPhone && (
            <Button
              id='use-wechat-phone'
              className='secondary-button'
              openType='getPhoneNumber'
              disabled={fetching}
              onGetPhoneNumber={(e) => void takeWechatPhone(e.detail)}
            >
              {fetching ? '正在取得手机号…' : '使用微信绑定的手机号'}
            </Button>
          )}
          {notice && <Text className='muted contact-fields__notice'>{notice}</Text>}
        </View>
      )}
    </View>
  );
}
