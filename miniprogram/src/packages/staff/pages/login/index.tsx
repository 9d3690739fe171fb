/** Staff sign-in: username and password; the server's own words on failure (wrong, locked…). */
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { loginStaff } from '../../../../api/staff-api';
import { STAFF_QUEUE_PAGE } from '../../../../api/staff-auth';
import '../../staff.scss';
import { useSendOnce } from '../../../../hooks/use-send-once';

export default function StaffLoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState('');
  const { sending, busy, run } = useSendOnce();

  async function login() {
    if (busy()) return;
    if (!username.trim() || !password) {
      setMessage('请填写用户名和密码。');
      return;
    }
    await run(async () => {
      setMessage('');
      try {
        await loginStaff(username.trim(), password);
        await Taro.redirectTo({ url: STAFF_QUEUE_PAGE });
      } catch (error) {
        setMessage(error instanceof Error ? error.message : '登录没有成功，请稍后再试。');
      }
    });
  }

  return (
    <View className='page'>
      <View className='card'>
        <Text className='section-title'>12314 工作人员登录</Text>
        <Text className='staff-label'>用户名</Text>
        <Input
          id='staff-username'
          className='staff-input'
          value={username}
          placeholder='请输入用户名'
          onInput={(e) => setUsername(e.detail.value)}
        />
        <Text className='staff-label'>密码</Text>
        <Input
          id='staff-password'
          className='staff-input'
          password
          value={password}
          placeholder='请输入密码'
          onInput={(e) => setPassword(e.detail.value)}
          onConfirm={() => void login()}
        />
        {message && (
          <Text id='staff-login-message' className='error-text'>
            {message}
          </Text>
        )}
        <Button id='staff-login' className='primary-button' disabled={sending} onClick={() => void login()}>
          {sending ? '正在登录…' : '登录'}
        </Button>
      </View>
      <Text className='muted'>本页面仅供12314工作人员使用。</Text>
    </View>
  );
}
